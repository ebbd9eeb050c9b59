import * as lpq from 'libpg-query';
await lpq.loadModule();
for (const q of process.argv.slice(2)) console.log(JSON.stringify(lpq.parseSync(q).stmts[0]));
