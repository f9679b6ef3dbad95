const require=process.getBuiltinModule('node:module').createRequire(import.meta.url);
function l(n){return n.replace(/&/g,"&amp;").replace(/</g,"&lt;").replace(/>/g,"&gt;").replace(/([\\`*_{}[\]()#+!|~])/g,"\\$1").replace(/\r?\n/g,"<br>")}function g(n){let e=n.includes("`")?"``":"`",r=n.startsWith("`")||n.endsWith("`")?" ":"";return`${e}${r}${n.replace(/\r?\n/g," ").replace(/\|/g,"\\|")}${r}${e}`}function p(n,e){let r=t=>`| ${t.join(" | ")} |`;return[r(n),r(n.map(()=>"---")),...e.map(r)].join(`
`)+`
`}function s(n,e){let r=[n,...e],t=n.map((o,a)=>Math.max(...r.map(i=>(i[a]??"").length)));return r.map(o=>o.map((a,i)=>a.padEnd(t[i]??0)).join("  ").trimEnd()).join(`
`)+`
`}export{l as a,g as b,p as c,s as d};
