#!/usr/bin/env node
import{createRequire as __kitRequire}from'node:module';const require=__kitRequire(import.meta.url);
import{j as c}from"./chunk-2FJ5L2XT.js";var s={plan:async()=>(await import("./plan-Q6LAVUTE.js")).command,sandbox:async()=>(await import("./sandbox-FBAX3GUU.js")).command,init:async()=>(await import("./init-SLTB4TBQ.js")).command,pipeline:async()=>(await import("./pipeline-J27ZGZXK.js")).command};async function d(i){let[o,...m]=i;if(o===void 0||o==="--help"||o==="-h"||o==="help")return process.stdout.write(p()),o===void 0?2:0;let r=s[o];if(!r)return process.stderr.write(`dokploy-deploy: unknown command '${o}'. Commands: ${Object.keys(s).join(", ")}
`),2;let t=new AbortController,n=()=>t.abort();process.once("SIGINT",n),process.once("SIGTERM",n);try{return await(await r()).run(m,{signal:t.signal,env:process.env,cwd:process.cwd()})}catch(a){let e=c(a);return e.stack&&process.env.DOKPLOY_DEPLOY_DEBUG&&process.stderr.write(`${e.stack}
`),process.stderr.write(`dokploy-deploy ${o}: ${e.message}
`),1}finally{process.off("SIGINT",n),process.off("SIGTERM",n)}}function p(){return`Usage: dokploy-deploy <command> [options]

Commands: ${Object.keys(s).join(", ")}
Run 'dokploy-deploy <command> --help' for a command's options.
`}process.exitCode=await d(process.argv.slice(2));
