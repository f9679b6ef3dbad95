import{createRequire as __kitRequire}from'node:module';const require=__kitRequire(import.meta.url);
import{a as O,b as S,c as $,d as j,e as E,f as M,g as T,h as P}from"./chunk-WKAO46BW.js";import"./chunk-CTOKYXTJ.js";import{a as x}from"./chunk-3G3FVI4G.js";import{a as g}from"./chunk-ZZJV3LRT.js";import{a as d,b as A,c as h,d as R,e as N}from"./chunk-SQFAA4GS.js";import{h as C}from"./chunk-HTWNLCIO.js";import{a as F}from"./chunk-I24QIGJK.js";import"./chunk-J3QNP6PO.js";import"./chunk-7DSGUSRD.js";import{d as w}from"./chunk-6Q6NPKN4.js";import{parseArgs as U}from"node:util";function J(t){let s=[],n=(e,o,a)=>{s.push([e,String(a)],[`${e}_count`,String(o.length)]),t.listFiles!=="none"&&s.push([`${e}_files`,j(o,t.listFiles)])},l;if(t.filterMatches){l=[];for(let[e,o]of t.filterMatches)n(e,o.map(a=>a.filename),o.length>0),o.length>0&&l.push(e)}let r=t.plan;if(r){for(let e of r.decisions)n(e.name,e.files,e.selected);l??=r.decisions.filter(e=>e.selected).map(e=>e.name)}return l&&!s.some(([e])=>e==="changes")&&s.push(["changes",JSON.stringify(l)]),r&&(s.push(["environment",r.environment],["plan",JSON.stringify(B(r))],["matrix",JSON.stringify({include:r.platforms.map(e=>k(e,r.environment))})],["test-matrix",JSON.stringify({include:H(r)})],["stages",JSON.stringify(r.stages)]),r.stages.forEach((e,o)=>{let a=r.platforms.filter(m=>m.stage===o).map(m=>k(m,r.environment));s.push([`matrix-stage-${o}`,JSON.stringify({include:a})])})),s}function k(t,s){return{platform:t.name,stage:t.stage,environment:s,kind:t.kind,id:t.id,secret:t.secret,project:t.project,"project-environment":t.projectEnvironment,service:t.service,health:t.health.join(`
`),unit:t.tests.unit??"",integration:t.tests.integration??""}}function H(t){return t.decisions.filter(s=>s.selected).map(s=>({platform:s.name,stage:s.stage,unit:s.tests.unit??"",integration:s.tests.integration??""}))}function B(t){return{environment:t.environment,branch:t.branch,stages:t.stages,platforms:t.platforms.map(s=>({...s}))}}var G=`Usage: dokploy-deploy plan [options]

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
`,D=["table","json","matrix","outputs"],at={summary:"preview what a push would deploy (the detect-changed-platforms plan for a local git range)",async run(t,s){let{values:n}=U({args:t,options:{base:{type:"string"},head:{type:"string",default:"HEAD"},branch:{type:"string"},manifest:{type:"string",default:""},filters:{type:"string",default:""},select:{type:"string",default:""},environment:{type:"string",default:""},format:{type:"string",default:"table"},C:{type:"string",short:"C"},verbose:{type:"boolean",default:!1},help:{type:"boolean",short:"h",default:!1}},strict:!0});if(n.help)return process.stdout.write(G),0;let l=n.format;if(!D.includes(l))throw new w("Option --format",n.format,`use one of ${D.join(", ")}`);let r=n.C??s.cwd,e=c=>{process.stderr.write(`${c}
`)},o=x({out:c=>n.verbose&&e(c),err:e},n.verbose);n.filters===""&&A(r,n.manifest);let a=P(r,c=>o.warning(c),process.env),m=h(a,"--head",n.head),i=n.select.trim()!=="",p=i?"":h(a,"--base",n.base??R(a)),f=n.branch??S(a),y=M(d.filters,n.filters,r),L=y&&n.manifest===""?void 0:T("Option --manifest",n.manifest,r),I=E({workingDirectory:r,filters:y,manifest:L,select:C(n.select),environment:n.environment,base:p,ref:m},d),u=await $(I,N(f),{git:()=>a,fetch:globalThis.fetch,clock:F,log:o,signal:s.signal}),b=J({filterMatches:u.filterMatches,plan:u.plan,listFiles:"json"}),v=Object.fromEntries(b);if(l==="json")process.stdout.write(`${v.plan??"{}"}
`);else if(l==="matrix")process.stdout.write(`${v.matrix??'{"include":[]}'}
`);else if(l==="outputs")for(let[c,_]of b)process.stdout.write(`${c}=${_}
`);else process.stdout.write(V(u,{branch:f,manual:i,environmentOption:n.environment}));return 0}};function V(t,s){let{branch:n,environmentOption:l}=s,r=[s.manual?"Platforms selected by hand (--select): no change detection.":`${t.files.length} changed file(s) ${t.comparison}.`],e=t.plan;if(!e){let i=[...t.filterMatches??[]].map(([p,f])=>[p,String(f.length>0),String(f.length)]);return`${r.join(`
`)}

${g(["filter","changed","files"],i)}`}r.push(l!==""?`Deploys to ${e.environment} (from --environment; branch ${n}'s mapping is not used).`:e.environment?`Branch ${n} deploys to ${e.environment}.`:`Branch ${n} maps to no environment: nothing deploys.`);let o=new Set(e.platforms.map(i=>i.name)),a=e.decisions.map(i=>[i.name,o.has(i.name)?"deploys":i.selected?"selected":"-",String(i.stage),i.reason?O(i.reason):"no matching changes"]),m=e.warnings.map(i=>`warning: ${i}
`).join("");return`${r.join(`
`)}

${g(["platform","decision","stage","why"],a)}${m}`}export{at as command};
