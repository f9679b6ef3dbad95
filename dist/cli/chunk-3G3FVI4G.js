import{createRequire as __kitRequire}from'node:module';const require=__kitRequire(import.meta.url);
function i(e,o=!1){return{debug:r=>{o&&e.err(`debug: ${r}`)},info:r=>e.out(r),warning:r=>e.err(`warning: ${r}`),error:r=>e.err(`error: ${r}`),group:async(r,n)=>(e.out(`\u2500\u2500 ${r}`),n())}}export{i as a};
