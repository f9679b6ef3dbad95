import{createRequire as __kitRequire}from'node:module';const require=__kitRequire(import.meta.url);
import{a as $,b as j,c as P}from"./chunk-TQHUVUEO.js";import{b as O}from"./chunk-NMXFVIUO.js";import{a as E,b as M,c as T,d as k,e as h,f as F,g as R,h as g,i as x,j as N}from"./chunk-7E5XYWKG.js";import"./chunk-HIAHJVSW.js";import"./chunk-DIQD5VPT.js";import"./chunk-CTOKYXTJ.js";import{a as A}from"./chunk-3G3FVI4G.js";import{d}from"./chunk-KR54ANC3.js";import{d as S}from"./chunk-2NVXGHW3.js";import"./chunk-6E3GPYKK.js";import{d as C}from"./chunk-74P4NULK.js";import"./chunk-BNVWDTKC.js";import{d as w}from"./chunk-6Q6NPKN4.js";import{parseArgs as K}from"node:util";function L(e){let o=[],n=(t,i,a)=>{o.push([t,String(a)],[`${t}_count`,String(i.length)]),e.listFiles!=="none"&&o.push([`${t}_files`,E(i,e.listFiles)])},m;if(e.filterMatches){m=[];for(let[t,i]of e.filterMatches)n(t,i.map(a=>a.filename),i.length>0),i.length>0&&m.push(t)}let r=e.plan;if(r){for(let t of r.decisions)n(t.name,t.files,t.selected);m??=r.decisions.filter(t=>t.selected).map(t=>t.name)}return m&&!o.some(([t])=>t==="changes")&&o.push(["changes",JSON.stringify(m)]),r&&(o.push(["environment",r.environment],["plan",JSON.stringify(B(r))],["matrix",JSON.stringify({include:r.platforms.map(t=>D(t,r.environment))})],["test-matrix",JSON.stringify({include:U(r)})],["stages",JSON.stringify(r.stages)]),r.stages.forEach((t,i)=>{let a=r.platforms.filter(c=>c.stage===i).map(c=>D(c,r.environment));o.push([`matrix-stage-${i}`,JSON.stringify({include:a})])})),o}function D(e,o){return{platform:e.name,stage:e.stage,environment:o,kind:e.kind,id:e.id,secret:e.secret,project:e.project,"project-environment":e.projectEnvironment,service:e.service,health:e.health.join(`
`),unit:e.tests.unit??"",integration:e.tests.integration??"","pre-deploy":e.hooks.before??"","post-deploy":e.hooks.after??"","hook-service":e.hooks.service??"","hook-timeout":e.hooks.timeoutMs===void 0?"":`${e.hooks.timeoutMs}ms`,url:e.url,"promote-from":e.promotion?.from??"","promote-id":e.promotion?.id??"","promote-secret":e.promotion?.secret??"","promote-project":e.promotion?.project??"","promote-project-environment":e.promotion?.projectEnvironment??"","promote-service":e.promotion?.service??"","promote-health":e.promotion?.health.join(`
`)??""}}function U(e){return e.decisions.filter(o=>o.selected).map(o=>({platform:o.name,stage:o.stage,unit:o.tests.unit??"",integration:o.tests.integration??""}))}function B(e){return{environment:e.environment,branch:e.branch,stages:e.stages,platforms:e.platforms.map(o=>({...o}))}}var Y=`Usage: dokploy-deploy plan [options]

Shows which platforms a push would deploy, in which stage, to which environment, and why.

Options:
  --base REV          compare from this commit (default: the branch's upstream, e.g. origin/main)
  --head REV          compare up to this commit (default: HEAD)
  --branch NAME       the branch whose environment applies (default: the current branch)
  --manifest PATH     the platforms manifest (default: .github/platforms.yml)
  --filters YAML|PATH dorny-style filters, as in the action
  --select LIST       all, or a comma list of platforms (skips detection: no --base needed)
  --environment NAME  override the branch \u2192 environment mapping
  --since WHAT        deployed (each platform against the commit Dokploy last deployed; the default
                      when DOKPLOY_URL and DOKPLOY_TOKEN are set) or event (against --base)
  --format FORMAT     table (default), json (the plan), matrix, or outputs (every action output)
  -C DIR              run in DIR (default: the current directory)
  --verbose           debug logging
`,J=["table","json","matrix","outputs"],me={summary:"preview what a push would deploy (the detect-changed-platforms plan for a local git range)",async run(e,o){let{values:n}=K({args:e,options:{base:{type:"string"},head:{type:"string",default:"HEAD"},branch:{type:"string"},manifest:{type:"string",default:""},filters:{type:"string",default:""},select:{type:"string",default:""},environment:{type:"string",default:""},since:{type:"string"},format:{type:"string",default:"table"},C:{type:"string",short:"C"},verbose:{type:"boolean",default:!1},help:{type:"boolean",short:"h",default:!1}},strict:!0});if(n.help)return process.stdout.write(Y),0;let m=n.format;if(!J.includes(m))throw new w("Option --format",n.format,`use one of ${J.join(", ")}`);let r=n.C??o.cwd,t=l=>{process.stderr.write(`${l}
`)},i=A({out:l=>n.verbose&&t(l),err:t},n.verbose);n.filters===""&&R(r,n.manifest);let a=P(r,l=>i.warning(l),process.env),c=g(a,"--head",n.head),s=n.select.trim()!=="",f=s?"":g(a,"--base",n.base??x(a)),p=n.branch??$(a),y=T(h.filters,n.filters,r),I=y&&n.manifest===""?void 0:k("Option --manifest",n.manifest,r),_=M({workingDirectory:r,filters:y,manifest:I,select:S(n.select),environment:n.environment,base:f,ref:c,...F(n.since,process.env)},h),u=await j(_,N(p),{git:()=>a,fetch:globalThis.fetch,clock:C,log:i,secretId:l=>process.env[l]?.trim()||void 0,signal:o.signal}),v=L({filterMatches:u.filterMatches,plan:u.plan,listFiles:"json"}),b=Object.fromEntries(v);if(m==="json")process.stdout.write(`${b.plan??"{}"}
`);else if(m==="matrix")process.stdout.write(`${b.matrix??'{"include":[]}'}
`);else if(m==="outputs")for(let[l,H]of v)process.stdout.write(`${l}=${H}
`);else process.stdout.write(G(u,{branch:p,manual:s,environmentOption:n.environment}));return 0}};function G(e,o){let{branch:n,environmentOption:m}=o,r=[o.manual?"Platforms selected by hand (--select): no change detection.":`${e.files.length} changed file(s) ${e.comparison}.`],t=e.plan;if(!t){let s=[...e.filterMatches??[]].map(([f,p])=>[f,String(p.length>0),String(p.length)]);return`${r.join(`
`)}

${d(["filter","changed","files"],s)}`}r.push(m!==""?`Deploys to ${t.environment} (from --environment; branch ${n}'s mapping is not used).`:t.environment?`Branch ${n} deploys to ${t.environment}.`:`Branch ${n} maps to no environment: nothing deploys.`);let i=new Set(t.platforms.map(s=>s.name)),a=t.decisions.map(s=>[s.name,i.has(s.name)?"deploys":s.selected?"selected":"-",String(s.stage),s.reason?O(s.reason):"no matching changes"]),c=t.warnings.map(s=>`warning: ${s}
`).join("");return`${r.join(`
`)}

${d(["platform","decision","stage","why"],a)}${c}`}export{me as command};
