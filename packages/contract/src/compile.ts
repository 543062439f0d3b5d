/**
 * A contract compiled to one JavaScript function that decides as valibot's `safeParse` does and
 * returns the same output. valibot interprets the schema for every value, allocating a dataset
 * per field: at 100,000 launches that was a quarter of the ingest's processor time. The compiled
 * function is straight-line code over the record. It says only valid (with the output) or not: a
 * record it refuses is parsed again by valibot for its issues, so messages stay valibot's. A node
 * it does not know (a transformation, a default, an optional key) is run by valibot itself, so
 * every schema compiles; compile.test.ts checks the equivalence on random records.
 */
import * as v from 'valibot';

/** What a compiled contract returns for a value the contract refuses. */
export const INVALID: unique symbol = Symbol('invalid');

/** Filled in by each call: whether some object of the value held keys the output drops. */
export interface ExtraKeys {
  found: boolean;
}

/** The contract as a function: its output for `input`, or INVALID. */
export type CompiledContract<T> = (input: unknown, extra: ExtraKeys) => T | typeof INVALID;

type Schema = v.GenericSchema;

/** Reads a property of a schema or action node that its type does not declare. */
const prop = (node: object, name: string): unknown => Reflect.get(node, name);

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && prop(value, 'kind') === 'schema';

/** The schema a node holds under `name` (a nullable's `wrapped`, an array's `item`). */
function schemaAt(node: Schema, name: string): Schema {
  const held = prop(node, name);
  if (!isSchema(held))
    throw new Error(`compileContract: a ${node.type} schema without its ${name}`);
  return held;
}

/** An object schema's entries, in order. */
function entriesOf(node: Schema): [string, Schema][] {
  const entries = prop(node, 'entries');
  if (typeof entries !== 'object' || entries === null)
    throw new Error('compileContract: an object schema without entries');
  return Object.entries(entries).map(([key, schema]) => {
    if (!isSchema(schema)) throw new Error(`compileContract: entry ${key} is not a schema`);
    return [key, schema];
  });
}

/** Keys an input may hold without holding them as its own: counting keys could not see drift. */
const inheritedKey = (key: string): boolean =>
  key in Object.prototype || key in Array.prototype || key === 'length';

/** Validation actions whose requirement is a predicate, called as valibot calls it. */
const PREDICATES = new Set(['integer', 'safe_integer', 'check', 'finite']);
/** Validation actions whose requirement is a regular expression. */
const PATTERNS = new Set(['regex', 'iso_timestamp']);

/** The generated function's text, with the values it refers to. */
class Emitter {
  readonly lines: string[] = [];
  readonly constants: unknown[] = [];
  private names = 0;

  name(prefix: string): string {
    return `${prefix}${this.names++}`;
  }

  /** A value the code refers to by name (a schema, a pattern, a list of options). */
  constant(value: unknown): string {
    this.constants.push(value);
    return `k${this.constants.length - 1}`;
  }

  line(text: string): void {
    this.lines.push(text);
  }

  /** Ends the call with INVALID when `condition` holds. */
  refuseIf(condition: string): void {
    this.line(`if (${condition}) return INVALID;`);
  }
}

/**
 * Emits the code that checks `input` (a variable) against `node` and returns the expression of
 * its output. Only what valibot's own `~run` does for a valid value is repeated here.
 */
function emit(node: Schema, input: string, out: Emitter): string {
  const pipe = prop(node, 'pipe');
  if (Array.isArray(pipe)) return emitPipe(node, pipe, input, out);
  switch (node.type) {
    case 'string':
      out.refuseIf(`typeof ${input} !== 'string'`);
      return input;
    case 'number':
      out.refuseIf(`typeof ${input} !== 'number' || ${input} !== ${input}`);
      return input;
    case 'boolean':
      out.refuseIf(`typeof ${input} !== 'boolean'`);
      return input;
    case 'picklist':
      out.refuseIf(`!${out.constant(prop(node, 'options'))}.includes(${input})`);
      return input;
    case 'custom':
      out.refuseIf(`!${out.constant(node)}.check(${input})`);
      return input;
    case 'nullable':
      return prop(node, 'default') === undefined
        ? emitNullable(schemaAt(node, 'wrapped'), input, out)
        : emitByValibot(node, input, out);
    case 'object':
      return emitObject(node, input, out);
    case 'array':
      return emitArray(schemaAt(node, 'item'), input, out);
    default:
      return emitByValibot(node, input, out);
  }
}

/** Any node, run by valibot: the output is valibot's, and drift is left to the full walk. */
function emitByValibot(node: Schema, input: string, out: Emitter): string {
  const result = out.name('r');
  out.line(`const ${result} = safeParse(${out.constant(node)}, ${input});`);
  out.refuseIf(`!${result}.success`);
  out.line('extra.found = true;');
  return `${result}.output`;
}

function emitNullable(wrapped: Schema, input: string, out: Emitter): string {
  const value = out.name('n');
  out.line(`let ${value} = null;`);
  out.line(`if (${input} !== null) {`);
  out.line(`${value} = ${emit(wrapped, input, out)};`);
  out.line('}');
  return value;
}

/** Entries valibot reads with `key in input` and, when missing, refuses: no optional or default. */
const plainEntry = (schema: Schema): boolean =>
  !['optional', 'exact_optional', 'nullish'].includes(schema.type) &&
  prop(schema, 'fallback') === undefined;

function emitObject(node: Schema, input: string, out: Emitter): string {
  const entries = entriesOf(node);
  // An object literal cannot hold a key named __proto__ as data; valibot's output can.
  if (entries.some(([key, schema]) => key === '__proto__' || !plainEntry(schema)))
    return emitByValibot(node, input, out);
  out.refuseIf(`!${input} || typeof ${input} !== 'object'`);
  const fields: string[] = [];
  for (const [key, schema] of entries) {
    const literal = JSON.stringify(key);
    out.refuseIf(`!(${literal} in ${input})`);
    const value = out.name('v');
    out.line(`const ${value} = ${input}[${literal}];`);
    fields.push(`${literal}: ${emit(schema, value, out)}`);
  }
  // Every entry is present, so more keys than entries means some are dropped (drift).
  if (entries.some(([key]) => inheritedKey(key))) out.line('extra.found = true;');
  else {
    const count = out.name('c');
    out.line(`let ${count} = 0;`);
    out.line(`for (const _ in ${input}) ${count}++;`);
    out.line(`if (${count} !== ${entries.length}) extra.found = true;`);
  }
  const result = out.name('o');
  out.line(`const ${result} = { ${fields.join(', ')} };`);
  return result;
}

function emitArray(item: Schema, input: string, out: Emitter): string {
  out.refuseIf(`!Array.isArray(${input})`);
  const result = out.name('a');
  const index = out.name('i');
  const element = out.name('e');
  out.line(`const ${result} = [];`);
  out.line(`for (let ${index} = 0; ${index} < ${input}.length; ${index}++) {`);
  out.line(`const ${element} = ${input}[${index}];`);
  out.line(`${result}.push(${emit(item, element, out)});`);
  out.line('}');
  return result;
}

/** A pipe: its schemas in turn, each validation action as a test of the value so far. */
function emitPipe(node: Schema, pipe: unknown[], input: string, out: Emitter): string {
  const steps = pipe.map(stepOf);
  if (steps.includes(undefined)) return emitByValibot(node, input, out);
  let value = input;
  for (const step of steps) {
    if (step === 'skip' || step === undefined) continue;
    if (typeof step === 'function') out.refuseIf(`!(${step(value, out)})`);
    else value = emit(step, value, out);
  }
  return value;
}

/** What a pipe's item does to a valid value; undefined for an item not known here. */
function stepOf(item: unknown): Schema | Test | 'skip' | undefined {
  if (isSchema(item)) return item;
  if (typeof item !== 'object' || item === null) return undefined;
  const kind = prop(item, 'kind');
  if (kind === 'metadata') return 'skip';
  return kind === 'validation' ? testOf(item) : undefined;
}

type Test = (value: string, out: Emitter) => string;

/** The test a validation action makes of a typed value, as code; undefined for one not known. */
function testOf(action: object): Test | undefined {
  const type = prop(action, 'type');
  const requirement = prop(action, 'requirement');
  if (typeof type !== 'string' || prop(action, 'async') === true) return undefined;
  if (PREDICATES.has(type) && typeof requirement === 'function')
    return (value, out) => `${out.constant(action)}.requirement(${value})`;
  if (PATTERNS.has(type) && requirement instanceof RegExp)
    return (value, out) => `${out.constant(requirement)}.test(${value})`;
  if (typeof requirement !== 'number') return undefined;
  switch (type) {
    case 'min_value':
      return (value, out) => `${value} >= ${out.constant(requirement)}`;
    case 'max_value':
      return (value, out) => `${value} <= ${out.constant(requirement)}`;
    case 'min_length':
      return (value, out) => `${value}.length >= ${out.constant(requirement)}`;
    case 'max_length':
      return (value, out) => `${value}.length <= ${out.constant(requirement)}`;
    default:
      return undefined;
  }
}

const compiled = new WeakMap<object, CompiledContract<unknown>>();

/** `schema` compiled once; later calls return the same function. */
export function compileContract<T>(schema: v.GenericSchema<unknown, T>): CompiledContract<T> {
  const known = compiled.get(schema);
  // Made from this very schema, so it returns the schema's output.
  if (known !== undefined) return known as CompiledContract<T>;
  if (schema.async) throw new Error('compileContract: an async schema cannot be compiled');
  const out = new Emitter();
  const input = 'input';
  out.line('extra.found = false;');
  out.line(`return ${emit(schema, input, out)};`);
  const names = out.constants.map((_, i) => `k${i}`);
  const body = `return function contract(${input}, extra) {\n${out.lines.join('\n')}\n};`;
  // The generated code names schema values only as constants passed in (k0, k1, ...) and keys
  // only as JSON string literals: nothing of a schema's data becomes code.
  const make = new Function('INVALID', 'safeParse', ...names, body);
  const contract = make(INVALID, v.safeParse, ...out.constants) as CompiledContract<T>;
  compiled.set(schema, contract);
  return contract;
}

/** What `parseContract` says: valibot's own result, but for the shape of a success. */
export type ContractResult<T> =
  | { success: true; output: T }
  | { success: false; issues: v.BaseIssue<unknown>[] };

/**
 * `v.safeParse(schema, input)` through the compiled contract: valibot runs only for a value the
 * compiled code refuses, to say why, and decides it (should the two ever differ, valibot's
 * acceptance stands). `extra.found` says whether the output dropped keys, so the caller walks
 * for drift only then.
 */
export function parseContract<T>(
  schema: v.GenericSchema<unknown, T>,
  input: unknown,
  extra: ExtraKeys,
): ContractResult<T> {
  const output = compileContract(schema)(input, extra);
  if (output !== INVALID) return { success: true, output };
  const result = v.safeParse(schema, input);
  extra.found = true;
  return result.success
    ? { success: true, output: result.output }
    : { success: false, issues: result.issues };
}
