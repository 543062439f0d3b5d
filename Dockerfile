# The pipeline's image: a production install (no devDependencies) from the lockfile. Used by
# docker-compose.yml's migrate and ingest services and by deploy/kubernetes.
FROM node:20-bookworm-slim
ENV CI=true
RUN corepack enable && corepack prepare pnpm@10.34.9 --activate
WORKDIR /opt/spacex-elt
COPY . .
RUN pnpm install --prod --frozen-lockfile && chown -R node:node /opt/spacex-elt
USER node
# SIGTERM reaches the run (not a shell), which rolls back and records itself.
CMD ["pnpm", "-s", "ingest", "--log-format", "json"]
