// ace-builds types its snippets under other module names ("…/snippets-sh"); these are the files the editor imports.
declare module 'ace-builds/src-noconflict/snippets/sh';
declare module 'ace-builds/src-noconflict/snippets/powershell';
