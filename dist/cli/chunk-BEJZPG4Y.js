const require=process.getBuiltinModule('node:module').createRequire(import.meta.url);
function i(t,n){let p=t.replace(/^v/,"").split(/[.-]/).map(r=>Number(r)||0),s=n.replace(/^v/,"").split(/[.-]/).map(r=>Number(r)||0);for(let r=0;r<3;r++){let e=(p[r]??0)-(s[r]??0);if(e!==0)return e}return 0}export{i as a};
