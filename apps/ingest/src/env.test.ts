import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIngestSettings } from './env.js';

describe('readIngestSettings', () => {
  it('should read the API URL and its credentials from SPACEX_API_URL_FILE (a mounted secret)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'spacex-secret-')), 'api-url');
    writeFileSync(file, 'https://reader:api-s3cret@api.example/\n');
    const settings = readIngestSettings({ SPACEX_API_URL_FILE: file });
    expect(settings.apiUrl).toBe('https://api.example');
    expect(settings.apiAuthorization).toBe(
      `Basic ${Buffer.from('reader:api-s3cret').toString('base64')}`,
    );
    expect(settings.apiSecrets).toContain('api-s3cret');
    expect(() =>
      readIngestSettings({ SPACEX_API_URL: 'https://api.example', SPACEX_API_URL_FILE: file }),
    ).toThrow('SPACEX_API_URL and SPACEX_API_URL_FILE are both set');
  });

  it('should read the webhook and the Pushgateway from files too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spacex-secret-'));
    writeFileSync(join(dir, 'notify'), 'https://hooks.example/T0K3N\n');
    writeFileSync(join(dir, 'gateway'), 'http://u:p@gateway.example:9091\n');
    const settings = readIngestSettings({
      SPACEX_NOTIFY_URL_FILE: join(dir, 'notify'),
      SPACEX_PUSHGATEWAY_URL_FILE: join(dir, 'gateway'),
    });
    expect(settings.notifyUrl).toBe('https://hooks.example/T0K3N');
    expect(settings.metrics.pushgateway).toBe('http://u:p@gateway.example:9091');
  });
});
