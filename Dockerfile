# Marina production image: API (`marina serve`), workers (`marina worker`) and migrations (`marina migrate`).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
# The workspace libraries (npm ci links node_modules/@marina/* to them).
COPY lib ./lib
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
# tsc into dist/ (src and lib), dist/node_modules/@marina/* links, the template CLI bundle.
RUN node scripts/build.js && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
USER node
EXPOSE 4000
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["serve"]
