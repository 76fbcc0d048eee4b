// `npm run schema`: writes schema.graphql from the compiled resolvers (run `npm run build` first; `npm run schema` does).
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { printMarinaSchema } = require(join(__dirname, '..', 'dist', 'src', 'server', 'schema.js'));
printMarinaSchema().then((sdl) => {
  writeFileSync(join(__dirname, '..', 'schema.graphql'), sdl);
  console.log('wrote schema.graphql');
});
