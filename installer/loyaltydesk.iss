; Inno Setup 6 script: the Windows setup program for LoyaltyDesk (per user, no administrator).
;
;   installer\build.py --setup        (does the two steps below; see installer\README.md)
;   ISCC /DAppVersion=0.1.0 /DSourceDir=..\dist\LoyaltyDesk /O..\dist installer\loyaltydesk.iss
;
; - AppId below is fixed forever: a newer setup finds the older install and upgrades it in place.
; - Installs into %LOCALAPPDATA%\Programs\LoyaltyDesk; Start menu shortcut, desktop one on request.
; - The club's data is NOT in the program folder: it lives in %LOCALAPPDATA%\LoyaltyDesk
;   (platformdirs' user data folder: club.sqlite3, backups, the error log). Neither an upgrade nor
;   the uninstaller touches it; nothing below may ever name that folder.
; - Persian and English setup texts. Persian needs Farsi.isl (see README.md: "Persian setup").
; This file is UTF-8 with a byte-order mark (Inno Setup reads the Persian texts correctly then).

#define AppName "LoyaltyDesk"
#define AppExe "LoyaltyDesk.exe"
#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z (installer\build.py --setup does)
#endif
#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\dist\LoyaltyDesk"
#endif
#if !FileExists(AddBackslash(SourceDir) + AppExe)
  #error No LoyaltyDesk.exe in SourceDir: run installer\build.py first
#endif

; Farsi.isl: beside this script, or in Inno Setup's Languages (or Languages\Unofficial) folder.
#define FarsiIsl ""
#if FileExists(AddBackslash(SourcePath) + "Farsi.isl")
  #define FarsiIsl AddBackslash(SourcePath) + "Farsi.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Farsi.isl")
  #define FarsiIsl AddBackslash(CompilerPath) + "Languages\Farsi.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\Farsi.isl")
  #define FarsiIsl AddBackslash(CompilerPath) + "Languages\Unofficial\Farsi.isl"
#endif
#if FarsiIsl == ""
  #ifndef EnglishOnly
    #error Farsi.isl not found: put it beside this script (README.md, "Persian setup"), or pass /DEnglishOnly for a test build
  #endif
#endif

[Setup]
AppId={{6B1F0C52-7E3A-4D8B-9A51-2C4E8F0D3A17}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=loyaltydesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; an upgrade closes a running LoyaltyDesk first (it finishes the purchase being written)
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage

[Languages]
#if FarsiIsl != ""
Name: "fa"; MessagesFile: "{#FarsiIsl}"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
en.AppComment=The customer club of your shop
en.DataKept=Your club's data (members, purchases, backups) stays in %1 and is not removed.
#if FarsiIsl != ""
fa.AppComment=باشگاه مشتریان فروشگاه شما
fa.DataKept=اطلاعات باشگاه شما (اعضا، خریدها، پشتیبان‌ها) در %1 می‌ماند و پاک نمی‌شود.
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; an upgrade replaces the program's own files wholesale (no stale library from an older version);
; data is never in {app}\_internal
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { say where the data is, and that it stays (never delete it here) }
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{localappdata}\{#AppName}')]),
           mbInformation, MB_OK);
end;
