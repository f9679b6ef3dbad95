import{createRequire as __kitRequire}from'node:module';const require=__kitRequire(import.meta.url);
import{a as O,b as $,c as j,d as M,e as C,f as E,g as k,h as F}from"./chunk-EC5HBWIR.js";import"./chunk-CTOKYXTJ.js";import{a as P}from"./chunk-3G3FVI4G.js";import{a as g}from"./chunk-ZZJV3LRT.js";import{a as d,b as x,c as h,d as A,e as R}from"./chunk-FO5FPP7B.js";import{d as S}from"./chunk-AEU37BNB.js";import{g as T}from"./chunk-WBHP427N.js";import{d as w}from"./chunk-6Q6NPKN4.js";import{parseArgs as U}from"node:util";function J(t){let s=[],n=(e,i,a)=>{s.push([e,String(a)],[`${e}_count`,String(i.length)]),t.listFiles!=="none"&&s.push([`${e}_files`,M(i,t.listFiles)])},l;if(t.filterMatches){l=[];for(let[e,i]of t.filterMatches)n(e,i.map(a=>a.filename),i.length>0),i.length>0&&l.push(e)}let o=t.plan;if(o){for(let e of o.decisions)n(e.name,e.files,e.selected);l??=o.decisions.filter(e=>e.selected).map(e=>e.name)}return l&&!s.some(([e])=>e==="changes")&&s.push(["changes",JSON.stringify(l)]),o&&(s.push(["environment",o.environment],["plan",JSON.stringify(B(o))],["matrix",JSON.stringify({include:o.platforms.map(e=>N(e,o.environment))})],["test-matrix",JSON.stringify({include:H(o)})],["stages",JSON.stringify(o.stages)]),o.stages.forEach((e,i)=>{let a=o.platforms.filter(m=>m.stage===i).map(m=>N(m,o.environment));s.push([`matrix-stage-${i}`,JSON.stringify({include:a})])})),s}function N(t,s){return{platform:t.name,stage:t.stage,environment:s,kind:t.kind,id:t.id,secret:t.secret,project:t.project,"project-environment":t.projectEnvironment,service:t.service,health:t.health.join(`
`),unit:t.tests.unit??"",integration:t.tests.integration??"","pre-deploy":t.hooks.before??"","post-deploy":t.hooks.after??"","hook-service":t.hooks.service??"","hook-timeout":t.hooks.timeoutMs===void 0?"":`${t.hooks.timeoutMs}ms`,url:t.url}}function H(t){return t.decisions.filter(s=>s.selected).map(s=>({platform:s.name,stage:s.stage,unit:s.tests.unit??"",integration:s.tests.integration??""}))}function B(t){return{environment:t.environment,branch:t.branch,stages:t.stages,platforms:t.platforms.map(s=>({...s}))}}var G=`Usage: dokploy-deploy plan [options]

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
`,D=["table","json","matrix","outputs"],at={summary:"preview what a push would deploy (the detect-changed-platforms plan for a local git range)",async run(t,s){let{values:n}=U({args:t,options:{base:{type:"string"},head:{type:"string",default:"HEAD"},branch:{type:"string"},manifest:{type:"string",default:""},filters:{type:"string",default:""},select:{type:"string",default:""},environment:{type:"string",default:""},format:{type:"string",default:"table"},C:{type:"string",short:"C"},verbose:{type:"boolean",default:!1},help:{type:"boolean",short:"h",default:!1}},strict:!0});if(n.help)return process.stdout.write(G),0;let l=n.format;if(!D.includes(l))throw new w("Option --format",n.format,`use one of ${D.join(", ")}`);let o=n.C??s.cwd,e=c=>{process.stderr.write(`${c}
`)},i=P({out:c=>n.verbose&&e(c),err:e},n.verbose);n.filters===""&&x(o,n.manifest);let a=F(o,c=>i.warning(c),process.env),m=h(a,"--head",n.head),r=n.select.trim()!=="",p=r?"":h(a,"--base",n.base??A(a)),f=n.branch??$(a),y=E(d.filters,n.filters,o),L=y&&n.manifest===""?void 0:k("Option --manifest",n.manifest,o),I=C({workingDirectory:o,filters:y,manifest:L,select:S(n.select),environment:n.environment,base:p,ref:m},d),u=await j(I,R(f),{git:()=>a,fetch:globalThis.fetch,clock:T,log:i,signal:s.signal}),b=J({filterMatches:u.filterMatches,plan:u.plan,listFiles:"json"}),v=Object.fromEntries(b);if(l==="json")process.stdout.write(`${v.plan??"{}"}
`);else if(l==="matrix")process.stdout.write(`${v.matrix??'{"include":[]}'}
`);else if(l==="outputs")for(let[c,_]of b)process.stdout.write(`${c}=${_}
`);else process.stdout.write(V(u,{branch:f,manual:r,environmentOption:n.environment}));return 0}};function V(t,s){let{branch:n,environmentOption:l}=s,o=[s.manual?"Platforms selected by hand (--select): no change detection.":`${t.files.length} changed file(s) ${t.comparison}.`],e=t.plan;if(!e){let r=[...t.filterMatches??[]].map(([p,f])=>[p,String(f.length>0),String(f.length)]);return`${o.join(`
`)}

${g(["filter","changed","files"],r)}`}o.push(l!==""?`Deploys to ${e.environment} (from --environment; branch ${n}'s mapping is not used).`:e.environment?`Branch ${n} deploys to ${e.environment}.`:`Branch ${n} maps to no environment: nothing deploys.`);let i=new Set(e.platforms.map(r=>r.name)),a=e.decisions.map(r=>[r.name,i.has(r.name)?"deploys":r.selected?"selected":"-",String(r.stage),r.reason?O(r.reason):"no matching changes"]),m=e.warnings.map(r=>`warning: ${r}
`).join("");return`${o.join(`
`)}

${g(["platform","decision","stage","why"],a)}${m}`}export{at as command};
