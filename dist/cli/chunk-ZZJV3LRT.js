import{createRequire as __kitRequire}from'node:module';const require=__kitRequire(import.meta.url);
function l(e,i){let t=[e,...i],o=e.map((a,n)=>Math.max(...t.map(r=>(r[n]??"").length)));return t.map(a=>a.map((n,r)=>n.padEnd(o[r]??0)).join("  ").trimEnd()).join(`
`)+`
`}export{l as a};
