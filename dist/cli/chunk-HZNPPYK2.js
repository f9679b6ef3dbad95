const require=process.getBuiltinModule('node:module').createRequire(import.meta.url);
import{a as t}from"./chunk-VSW2CVQU.js";var o=t((s,e)=>{e.exports=Object.create(process.getBuiltinModule("node:fs"))});export{o as a};
