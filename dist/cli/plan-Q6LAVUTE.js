import{createRequire as __kitRequire}from'node:module';const require=__kitRequire(import.meta.url);
import{a as b,b as v,j as w,k as $,l as S,m as C,n as p,o as c,p as O,q as T}from"./chunk-2JGVDSR5.js";import{e as x}from"./chunk-URLCDEKG.js";import"./chunk-2PHNA2ZI.js";import"./chunk-CEIN3KGF.js";import{d as y}from"./chunk-2FJ5L2XT.js";import{parseArgs as k}from"node:util";function A(e){let n=[],t=(r,a,s)=>{n.push([r,String(s)],[`${r}_count`,String(a.length)]),e.listFiles!=="none"&&n.push([`${r}_files`,$(a,e.listFiles)])},o;if(e.filterMatches){o=[];for(let[r,a]of e.filterMatches)t(r,a.map(s=>s.filename),a.length>0),a.length>0&&o.push(r)}let i=e.plan;if(i){for(let r of i.decisions)t(r.name,r.files,r.selected);o??=i.decisions.filter(r=>r.selected).map(r=>r.name)}return o&&!n.some(([r])=>r==="changes")&&n.push(["changes",JSON.stringify(o)]),i&&(n.push(["environment",i.environment],["plan",JSON.stringify(N(i))],["matrix",JSON.stringify({include:i.platforms.map(r=>P(r,i.environment))})],["test-matrix",JSON.stringify({include:F(i)})],["stages",JSON.stringify(i.stages)]),i.stages.forEach((r,a)=>{let s=i.platforms.filter(m=>m.stage===a).map(m=>P(m,i.environment));n.push([`matrix-stage-${a}`,JSON.stringify({include:s})])})),n}function P(e,n){return{platform:e.name,stage:e.stage,environment:n,kind:e.kind,id:e.id,secret:e.secret,health:e.health.join(`
`),unit:e.tests.unit??"",integration:e.tests.integration??""}}function F(e){return e.decisions.filter(n=>n.selected).map(n=>({platform:n.name,stage:n.stage,unit:n.tests.unit??"",integration:n.tests.integration??""}))}function N(e){return{environment:e.environment,branch:e.branch,stages:e.stages,platforms:e.platforms.map(n=>({...n}))}}function R(e,n=!1){return{debug:t=>{n&&e.err(`debug: ${t}`)},info:t=>e.out(t),warning:t=>e.err(`warning: ${t}`),error:t=>e.err(`error: ${t}`),group:async(t,o)=>(e.out(`\u2500\u2500 ${t}`),o())}}var J=`Usage: dokploy-deploy plan [options]

Shows which platforms a push would deploy, in which stage, to which environment, and why.

Options:
  --base REV          compare from this commit (default: the branch's upstream, e.g. origin/main)
  --head REV          compare up to this commit (default: HEAD)
  --branch NAME       the branch whose environment applies (default: the current branch)
  --manifest PATH     the platforms manifest (default: .github/platforms.yml)
  --filters YAML|PATH dorny-style filters, as in the action
  --select LIST       all, or a comma list of platforms (skips detection)
  --environment NAME  override the branch \u2192 environment mapping
  --format FORMAT     table (default), json (the plan), matrix, or outputs (every action output)
  -C DIR              run in DIR (default: the current directory)
  --verbose           debug logging
`,j=["table","json","matrix","outputs"],ee={summary:"preview what a push would deploy (the detect-changed-platforms plan for a local git range)",async run(e,n){let{values:t}=k({args:e,options:{base:{type:"string"},head:{type:"string",default:"HEAD"},branch:{type:"string"},manifest:{type:"string",default:""},filters:{type:"string",default:""},select:{type:"string",default:""},environment:{type:"string",default:""},format:{type:"string",default:"table"},C:{type:"string",short:"C"},verbose:{type:"boolean",default:!1},help:{type:"boolean",short:"h",default:!1}},strict:!0});if(t.help)return process.stdout.write(J),0;let o=t.format;if(!j.includes(o))throw new y("Option --format",t.format,`use one of ${j.join(", ")}`);let i=t.C??n.cwd,r=l=>{process.stderr.write(`${l}
`)},a=R({out:l=>t.verbose&&r(l),err:r},t.verbose),s=C(i,l=>a.warning(l),process.env),m=c(s,"--head",t.head),g=c(s,"--base",t.base??O(s)),u=t.branch??v(s),L={platforms:t.manifest,filters:t.filters,select:t.select,environment:t.environment,base:g,ref:m},M=S(l=>L[l]??"",i),f=await w(M,T(u),{git:()=>s,fetch:globalThis.fetch,clock:x,log:a,signal:n.signal}),d=A({filterMatches:f.filterMatches,plan:f.plan,listFiles:"json"}),h=Object.fromEntries(d);if(o==="json")process.stdout.write(`${h.plan??"{}"}
`);else if(o==="matrix")process.stdout.write(`${h.matrix??'{"include":[]}'}
`);else if(o==="outputs")for(let[l,E]of d)process.stdout.write(`${l}=${E}
`);else process.stdout.write(D(f,u));return 0}};function D(e,n){let t=[`${e.files.length} changed file(s) ${e.comparison}.`],o=e.plan;if(!o){let s=[...e.filterMatches??[]].map(([m,g])=>[m,String(g.length>0),String(g.length)]);return`${t.join(`
`)}

${p(["filter","changed","files"],s)}`}t.push(o.environment?`Branch ${n} deploys to ${o.environment}.`:`Branch ${n} maps to no environment: nothing deploys.`);let i=new Set(o.platforms.map(s=>s.name)),r=o.decisions.map(s=>[s.name,i.has(s.name)?"deploys":s.selected?"selected":"-",String(s.stage),s.reason?b(s.reason):"no matching changes"]),a=o.warnings.map(s=>`warning: ${s}
`).join("");return`${t.join(`
`)}

${p(["platform","decision","stage","why"],r)}${a}`}export{ee as command};
