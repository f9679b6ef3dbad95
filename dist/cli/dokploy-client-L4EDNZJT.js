import{createRequire as __kitRequire}from'node:module';const require=__kitRequire(import.meta.url);
import{a,b,c}from"./chunk-2CIOGQRH.js";import"./chunk-6E3GPYKK.js";import"./chunk-7RURFU4N.js";import"./chunk-BNVWDTKC.js";import"./chunk-6Q6NPKN4.js";export{a as DOKPLOY_ERROR_KINDS,b as DokployApiError,c as createDokployClient};
