const require=process.getBuiltinModule('node:module').createRequire(import.meta.url);
import{a,b,c}from"./chunk-A3U3UPTY.js";import"./chunk-YRAZNGTZ.js";import"./chunk-BEJZPG4Y.js";import"./chunk-5MVGHGSQ.js";import"./chunk-VSW2CVQU.js";export{a as DOKPLOY_ERROR_KINDS,b as DokployApiError,c as createDokployClient};
