import{createRequire as __kitRequire}from'node:module';const require=__kitRequire(import.meta.url);
import{a as v,b as w,c as $,d as S,e as O,f as C}from"./chunk-ST5MYXDB.js";import"./chunk-XDHESWVD.js";import{a as M}from"./chunk-3G3FVI4G.js";import{a as g}from"./chunk-ZZJV3LRT.js";import{a as R,b as d,c as x,d as A}from"./chunk-ORXMQWRG.js";import"./chunk-6LD3K7HH.js";import{a as j}from"./chunk-V2FZ7WQ2.js";import"./chunk-J3VDAPYW.js";import"./chunk-5HONCH6N.js";import{d as b}from"./chunk-2FJ5L2XT.js";import{parseArgs as D}from"node:util";function P(t){let n=[],s=(e,i,a)=>{n.push([e,String(a)],[`${e}_count`,String(i.length)]),t.listFiles!=="none"&&n.push([`${e}_files`,S(i,t.listFiles)])},l;if(t.filterMatches){l=[];for(let[e,i]of t.filterMatches)s(e,i.map(a=>a.filename),i.length>0),i.length>0&&l.push(e)}let r=t.plan;if(r){for(let e of r.decisions)s(e.name,e.files,e.selected);l??=r.decisions.filter(e=>e.selected).map(e=>e.name)}return l&&!n.some(([e])=>e==="changes")&&n.push(["changes",JSON.stringify(l)]),r&&(n.push(["environment",r.environment],["plan",JSON.stringify(L(r))],["matrix",JSON.stringify({include:r.platforms.map(e=>E(e,r.environment))})],["test-matrix",JSON.stringify({include:J(r)})],["stages",JSON.stringify(r.stages)]),r.stages.forEach((e,i)=>{let a=r.platforms.filter(c=>c.stage===i).map(c=>E(c,r.environment));n.push([`matrix-stage-${i}`,JSON.stringify({include:a})])})),n}function E(t,n){return{platform:t.name,stage:t.stage,environment:n,kind:t.kind,id:t.id,secret:t.secret,project:t.project,"project-environment":t.projectEnvironment,service:t.service,health:t.health.join(`
`),unit:t.tests.unit??"",integration:t.tests.integration??""}}function J(t){return t.decisions.filter(n=>n.selected).map(n=>({platform:n.name,stage:n.stage,unit:n.tests.unit??"",integration:n.tests.integration??""}))}function L(t){return{environment:t.environment,branch:t.branch,stages:t.stages,platforms:t.platforms.map(n=>({...n}))}}var H=`Usage: dokploy-deploy plan [options]

Shows which platforms a push would deploy, in which stage, to which environment, and why.

Options:
  --base REV          compare from this commit (default: the branch's upstream, e.g. origin/main)
  --head REV          compare up to this commit (default: HEAD)
  --branch NAME       the branch whose environment applies (default: the current branch)
  --manifest PATH     the platforms manifest (default: .github/platforms.yml)
  --filters YAML|PATH dorny-style filters, as in the action
  --select LIST       all, or a comma list of platforms (skips detection: no --base needed)
  --environment NAME  override the branch \u2192 environment mapping
  --format FORMAT     table (default), json (the plan), matrix, or outputs (every action output)
  -C DIR              run in DIR (default: the current directory)
  --verbose           debug logging
`,F=["table","json","matrix","outputs"],et={summary:"preview what a push would deploy (the detect-changed-platforms plan for a local git range)",async run(t,n){let{values:s}=D({args:t,options:{base:{type:"string"},head:{type:"string",default:"HEAD"},branch:{type:"string"},manifest:{type:"string",default:""},filters:{type:"string",default:""},select:{type:"string",default:""},environment:{type:"string",default:""},format:{type:"string",default:"table"},C:{type:"string",short:"C"},verbose:{type:"boolean",default:!1},help:{type:"boolean",short:"h",default:!1}},strict:!0});if(s.help)return process.stdout.write(H),0;let l=s.format;if(!F.includes(l))throw new b("Option --format",s.format,`use one of ${F.join(", ")}`);let r=s.C??n.cwd,e=m=>{process.stderr.write(`${m}
`)},i=M({out:m=>s.verbose&&e(m),err:e},s.verbose);s.filters===""&&R(r,s.manifest);let a=C(r,m=>i.warning(m),process.env),c=d(a,"--head",s.head),o=s.select.trim()!=="",p=o?"":d(a,"--base",s.base??x(a)),f=s.branch??w(a),T={platforms:s.manifest,filters:s.filters,select:s.select,environment:s.environment,base:p,ref:c},N=O(m=>T[m]??"",r),u=await $(N,A(f),{git:()=>a,fetch:globalThis.fetch,clock:j,log:i,signal:n.signal}),h=P({filterMatches:u.filterMatches,plan:u.plan,listFiles:"json"}),y=Object.fromEntries(h);if(l==="json")process.stdout.write(`${y.plan??"{}"}
`);else if(l==="matrix")process.stdout.write(`${y.matrix??'{"include":[]}'}
`);else if(l==="outputs")for(let[m,k]of h)process.stdout.write(`${m}=${k}
`);else process.stdout.write(I(u,{branch:f,manual:o,environmentOption:s.environment}));return 0}};function I(t,n){let{branch:s,environmentOption:l}=n,r=[n.manual?"Platforms selected by hand (--select): no change detection.":`${t.files.length} changed file(s) ${t.comparison}.`],e=t.plan;if(!e){let o=[...t.filterMatches??[]].map(([p,f])=>[p,String(f.length>0),String(f.length)]);return`${r.join(`
`)}

${g(["filter","changed","files"],o)}`}r.push(l!==""?`Deploys to ${e.environment} (from --environment; branch ${s}'s mapping is not used).`:e.environment?`Branch ${s} deploys to ${e.environment}.`:`Branch ${s} maps to no environment: nothing deploys.`);let i=new Set(e.platforms.map(o=>o.name)),a=e.decisions.map(o=>[o.name,i.has(o.name)?"deploys":o.selected?"selected":"-",String(o.stage),o.reason?v(o.reason):"no matching changes"]),c=e.warnings.map(o=>`warning: ${o}
`).join("");return`${r.join(`
`)}

${g(["platform","decision","stage","why"],a)}${c}`}export{et as command};
