<powershell>
# Kiln bootstrap for Windows (EC2Launch v2, PowerShell 5.1), launch {{LAUNCH_ID}}: agent, then install script.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12

$KilnRoot = Join-Path $env:ProgramData 'Kiln'
$AgentPort = {{AGENT_PORT}}
$AgentUrl = '{{AGENT_URL}}'
$AgentSha256 = '{{AGENT_SHA256}}'
$TokenSha256 = '{{TOKEN_SHA256}}'
$NodeZipUrl = '{{NODE_TARBALL_URL}}'
$NodeZipSha256 = '{{NODE_TARBALL_SHA256}}'
# Base64 of the UTF-8 script: no quote, closing tag or code page can break it.
$InstallScriptBase64 = '{{INSTALL_SCRIPT_BASE64}}'
# Set instead when the script was too large for user data: Kiln put it in the artifact bucket.
$InstallScriptUrl = '{{INSTALL_SCRIPT_URL}}'
$InstallScriptSha256 = '{{INSTALL_SCRIPT_SHA256}}'
$NodeMinMajor = 18

function Say($Text) { Write-Output "kiln-bootstrap: $Text" }
function Die($Text) { Write-Output "kiln-bootstrap: error: $Text"; Stop-Transcript -ErrorAction SilentlyContinue | Out-Null; exit 1 }
trap { Die "$_" }
# Runs a native program quietly; its exit code ('Continue': PS 5.1 makes native stderr into errors).
function Invoke-Quiet {
  $ErrorActionPreference = 'Continue'
  $exe, $rest = $args
  & $exe @rest 2>&1 | Out-Null
  return $LASTEXITCODE
}

# Only SYSTEM and Administrators (by SID) may read the agent's files; subfolders inherit.
New-Item -ItemType Directory -Force -Path $KilnRoot | Out-Null
if ((Invoke-Quiet icacls.exe $KilnRoot /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F') -ne 0) {
  Die "icacls could not restrict $KilnRoot"
}
foreach ($dir in 'bin', 'etc', 'data', 'run', 'install') { New-Item -ItemType Directory -Force -Path (Join-Path $KilnRoot $dir) | Out-Null }
Start-Transcript -Path (Join-Path $KilnRoot 'run\bootstrap.log') -Append | Out-Null

function Get-Verified($Url, $Sha256, $OutFile, $What) {
  for ($attempt = 1; ; $attempt++) {
    try { Invoke-WebRequest -Uri $Url -OutFile $OutFile -UseBasicParsing; break }
    catch { if ($attempt -ge 5) { Die "could not download $What ($($_.Exception.Message))" }; Start-Sleep -Seconds (2 * $attempt) }
  }
  $actual = (Get-FileHash -Algorithm SHA256 -Path $OutFile).Hash.ToLowerInvariant()
  if ($actual -ne $Sha256) { Remove-Item -Force $OutFile; Die "$What checksum mismatch (expected $Sha256, got $actual)" }
}

function Test-Node($Path) {
  if (-not $Path -or -not (Test-Path $Path)) { return $false }
  return (Invoke-Quiet $Path '-e' "process.exit(+process.versions.node.split('.')[0] >= $NodeMinMajor ? 0 : 1)") -eq 0
}

# Node.js >= 18: on PATH, else ours from an earlier boot, else the configured zip (node-vNN-win-x64.zip).
$Node = (Get-Command node.exe -ErrorAction SilentlyContinue).Source
if (-not (Test-Node $Node)) {
  $Node = Join-Path $KilnRoot 'node\node.exe'
  if (-not (Test-Node $Node)) {
    if (-not $NodeZipUrl) { Die "no Node.js >= $NodeMinMajor on this machine, and no Node.js zip URL is set in Kiln" }
    if ($NodeZipSha256 -notmatch '^[0-9a-f]{64}$') { Die 'the Node.js zip has no SHA-256 to check it against' }
    Say "installing Node.js from $NodeZipUrl"
    $zip = Join-Path $KilnRoot 'run\node.zip'
    $unpacked = Join-Path $KilnRoot 'run\node-unpacked'
    Get-Verified $NodeZipUrl $NodeZipSha256 $zip 'the Node.js zip'
    Remove-Item -Recurse -Force $unpacked, (Join-Path $KilnRoot 'node') -ErrorAction SilentlyContinue
    # ZipFile: much faster than Expand-Archive. The zip's one folder becomes $KilnRoot\node.
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [IO.Compression.ZipFile]::ExtractToDirectory($zip, $unpacked)
    $inner = Get-ChildItem -Path $unpacked -Directory | Select-Object -First 1
    if (-not $inner) { Die 'the Node.js zip does not contain a folder' }
    Move-Item -Path $inner.FullName -Destination (Join-Path $KilnRoot 'node')
    Remove-Item -Recurse -Force $unpacked, $zip
    if (-not (Test-Node $Node)) { Die 'the Node.js from the zip does not run here (wrong CPU architecture?)' }
  }
}
Say "using Node.js $(& $Node --version) at $Node"

$AgentJs = Join-Path $KilnRoot 'bin\kiln-agent.cjs'
if ((Test-Path $AgentJs) -and (Get-FileHash $AgentJs).Hash -eq $AgentSha256) {
  Say "the agent from the image is current (sha256 $AgentSha256); not downloading"
} else {
  Say 'fetching the agent'
  Get-Verified $AgentUrl $AgentSha256 "$AgentJs.part" 'the agent bundle'
  Move-Item -Force "$AgentJs.part" $AgentJs
}

# TLS identity (Kiln pins the certificate) and config, without BOM (JSON.parse refuses one).
$utf8 = New-Object Text.UTF8Encoding $false
$CertFile = Join-Path $KilnRoot 'etc\agent.crt'
$KeyFile = Join-Path $KilnRoot 'etc\agent.key'
[IO.File]::WriteAllText($CertFile, '{{TLS_CERT_PEM}}' + "`n", $utf8)
[IO.File]::WriteAllText($KeyFile, '{{TLS_KEY_PEM}}' + "`n", $utf8)
$Config = Join-Path $KilnRoot 'etc\agent.json'
$TaskName = 'Kiln agent'
$json = [ordered]@{
  bind = '0.0.0.0'; port = $AgentPort; tokenSha256 = $TokenSha256; dataDir = (Join-Path $KilnRoot 'data')
  tls = [ordered]@{ certFile = $CertFile; keyFile = $KeyFile }; sshHostKeyDir = (Join-Path $env:ProgramData 'ssh')
  root = $KilnRoot; service = @{ kind = 'scheduled-task'; name = $TaskName }; firstBootReset = 'ec2launch-v2'
} | ConvertTo-Json -Compress
[IO.File]::WriteAllText($Config, $json, $utf8)

# Prologue: output in UTF-8, as the agent decodes it. With BOM: PS 5.1 reads a .ps1 without one as ANSI.
$InstallPs1 = Join-Path $KilnRoot 'install\install.ps1'
if ($InstallScriptUrl) {
  Say 'fetching the install script'
  $scriptPart = Join-Path $KilnRoot 'run\install-script.part'
  Get-Verified $InstallScriptUrl $InstallScriptSha256 $scriptPart 'the install script'
  $installScript = [IO.File]::ReadAllText($scriptPart, (New-Object Text.UTF8Encoding $false))
  Remove-Item -Force $scriptPart
} else {
  $installScript = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($InstallScriptBase64))
}
$prologue = 'try { $OutputEncoding = New-Object Text.UTF8Encoding $false; [Console]::OutputEncoding = $OutputEncoding } catch { }'
[IO.File]::WriteAllText($InstallPs1, "$prologue`r`n$installScript`r`n", (New-Object Text.UTF8Encoding $true))

Say "opening TCP port $AgentPort in Windows Firewall"
Invoke-Quiet netsh.exe advfirewall firewall delete rule name=Kiln-agent | Out-Null
if ((Invoke-Quiet netsh.exe advfirewall firewall add rule name=Kiln-agent dir=in action=allow protocol=TCP localport=$AgentPort) -ne 0) {
  Die "netsh could not open port $AgentPort"
}

# serve as a SYSTEM task at startup: node.exe is no service binary and a wrapper (NSSM) is one more download.
# The loop restarts it like systemd's Restart=always until a seal removed the config, then removes what serve held
# open (its log; Node unless the agent was kept) and unregisters the task.
Say "starting the agent on 0.0.0.0:$AgentPort"
$supervisor = Join-Path $KilnRoot 'bin\kiln-agent-serve.ps1'
$serveLog = Join-Path $KilnRoot 'run\agent.log'
$loop = "while (Test-Path '$Config') { & '$Node' '$AgentJs' serve --config '$Config' *>> '$serveLog'; Start-Sleep -Seconds 1 }
`$gone = @('$KilnRoot\run') + @(if (-not (Test-Path '$AgentJs')) { '$KilnRoot\node' })
Remove-Item `$gone -Recurse -Force -ErrorAction Ignore; Unregister-ScheduledTask '$TaskName' -Confirm:`$false"
[IO.File]::WriteAllText($supervisor, $loop, (New-Object Text.UTF8Encoding $true))
$action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument "-NoProfile -NonInteractive -ExecutionPolicy Bypass -File `"$supervisor`""
$trigger = New-ScheduledTaskTrigger -AtStartup
$principal = New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest
$settings = New-ScheduledTaskSettingsSet -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -StartWhenAvailable `
  -ExecutionTimeLimit ([TimeSpan]::Zero) -MultipleInstances IgnoreNew -RestartCount 999 -RestartInterval (New-TimeSpan -Minutes 1)
Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger -Principal $principal -Settings $settings -Force | Out-Null
Start-ScheduledTask -TaskName $TaskName

Say 'running the install script'
Set-Location (Join-Path $KilnRoot 'install')
# 'Continue': echoed stderr must not stop us. '--' quoted: PS 5.1 may swallow a bare one.
$ErrorActionPreference = 'Continue'
& $Node $AgentJs run --config $Config --name install '--' powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $InstallPs1
$code = $LASTEXITCODE
Say "the install script exited with code $code"
Stop-Transcript | Out-Null
exit $code
</powershell>
