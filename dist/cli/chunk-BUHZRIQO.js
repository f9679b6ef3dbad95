const require=process.getBuiltinModule('node:module').createRequire(import.meta.url);
function i(e,o=!1){return{debug:r=>{o&&e.err(`debug: ${r}`)},info:r=>e.out(r),warning:r=>e.err(`warning: ${r}`),error:r=>e.err(`error: ${r}`),group:async(r,n)=>(e.out(`\u2500\u2500 ${r}`),n())}}export{i as a};
