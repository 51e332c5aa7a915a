@echo off
rem kiln: the command line of an installed Kiln (Windows). It runs the bundled CLI inside the app's archive with the
rem app's own runtime (Electron as plain Node), so an installed Kiln needs no separate Node.js.
setlocal
set ELECTRON_RUN_AS_NODE=1
"%~dp0..\..\Kiln.exe" "%~dp0..\app.asar\dist\cli\kiln.cjs" %*
exit /b %ERRORLEVEL%
