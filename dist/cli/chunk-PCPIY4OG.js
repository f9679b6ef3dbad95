const require=process.getBuiltinModule('node:module').createRequire(import.meta.url);
var o=/(?:^Commit: |^Hash: |@|\bcommit )([0-9a-f]{40}|[0-9a-f]{64})\b/;function t(e){return o.exec(e.description??"")?.[1]}export{t as a};
