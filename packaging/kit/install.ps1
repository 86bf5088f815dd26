# Install Parley from this kit, with no network (Windows):
#   powershell -ExecutionPolicy Bypass -File install.ps1 [DIR]
# Creates a Python virtual environment in DIR (default: %LOCALAPPDATA%\Programs\Parley) from the
# wheels beside this script, so that DIR\Scripts\parley.exe runs, and adds Parley to the
# Start menu. Running it again upgrades Parley in place; saved sessions are kept (they live
# in %LOCALAPPDATA%\Parley).
param([string]$Dest = (Join-Path $env:LOCALAPPDATA "Programs\Parley"))
$ErrorActionPreference = "Stop"
$Kit = Split-Path -Parent $MyInvocation.MyCommand.Path
$env:PIP_NO_INDEX = "1"
$env:PIP_DISABLE_PIP_VERSION_CHECK = "1"

function Test-Python([string[]]$Cmd) {
    try {
        $exe, $rest = $Cmd
        & $exe @rest -c "import sys; sys.exit(sys.version_info < (3, 11))" 2>$null
        return $LASTEXITCODE -eq 0
    } catch { return $false }
}

$Python = $null
foreach ($candidate in @(@("py", "-3.13"), @("py", "-3.12"), @("py", "-3.11"), @("python"))) {
    if (Test-Python $candidate) { $Python = $candidate; break }
}
function Fail([string]$Message, [int]$Code) {
    Write-Host "install.ps1: $Message" -ForegroundColor Red
    exit $Code
}

if (-not $Python) {
    Fail ("Parley needs Python 3.11 or newer and none was found. Install it (see README.txt), " +
          "ticking 'Add python.exe to PATH', then run this again.") 2
}

Write-Host "Installing Parley into $Dest"
$exe, $rest = $Python
if (-not (Test-Path (Join-Path $Dest "Scripts\python.exe"))) {
    & $exe @rest -m venv $Dest
    if ($LASTEXITCODE -ne 0) { Fail "could not create a virtual environment in $Dest" 3 }
}
& (Join-Path $Dest "Scripts\python.exe") -m pip install --quiet --no-index `
    --find-links (Join-Path $Kit "wheels") --upgrade parley
if ($LASTEXITCODE -ne 0) { Fail "pip could not install Parley from the kit" 3 }
Copy-Item (Join-Path $Kit "icons\parley.ico") (Join-Path $Dest "parley.ico") -Force

$programs = [Environment]::GetFolderPath("Programs")
$shell = New-Object -ComObject WScript.Shell
$link = $shell.CreateShortcut((Join-Path $programs "Parley.lnk"))
$link.TargetPath = Join-Path $Dest "Scripts\parley-app.exe"
$link.IconLocation = Join-Path $Dest "parley.ico"
$link.WorkingDirectory = $env:USERPROFILE
$link.Description = "Negotiation-rehearsal simulator"
$link.Save()
Write-Host "Added Parley to the Start menu"

& (Join-Path $Dest "Scripts\parley.exe") --version
Write-Host "Done. Start Parley from the Start menu, or run: $Dest\Scripts\parley.exe"
