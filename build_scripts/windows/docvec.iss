; Inno Setup 6 script for docvec (UNTESTED HERE: Windows cannot be built on the Linux build machine).
; Built by `python build_scripts/build.py windows`, which passes AppVersion and SourceDir.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\docvec"
#endif

[Setup]
AppId={{8E1B6F0A-3C55-4C1E-9B7B-5D4C2A9E7F10}
AppName=docvec
AppVersion={#AppVersion}
AppPublisher=docvec
DefaultDirName={autopf}\docvec
DefaultGroupName=docvec
OutputBaseFilename=docvec-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
UninstallDisplayIcon={app}\docvec-gui.exe
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle (docvec-gui.exe, docvec.exe, _internal\ with the model).
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\docvec"; Filename: "{app}\docvec-gui.exe"
Name: "{group}\{cm:UninstallProgram,docvec}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\docvec"; Filename: "{app}\docvec-gui.exe"; Tasks: desktopicon

[Registry]
; "Open with docvec" for the document types it reads; docvec never takes over the default handler.
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "docvec"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\shell\open\command"; ValueType: string; ValueData: """{app}\docvec-gui.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".pdf"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.pdf\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".docx"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.docx\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".pptx"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.pptx\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".xlsx"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.xlsx\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".doc"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.doc\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".xls"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.xls\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".ppt"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.ppt\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".odt"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.odt\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".ods"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.ods\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".odp"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.odp\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".epub"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.epub\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".rtf"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.rtf\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".html"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.html\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".htm"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.htm\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".md"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.md\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".txt"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.txt\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".csv"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.csv\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".tsv"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.tsv\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".json"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.json\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".ndjson"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.ndjson\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\docvec-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".eml"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.eml\OpenWithList\docvec-gui.exe"; ValueType: none; Flags: uninsdeletekey
; "Add to docvec" on folders in Explorer.
Root: HKA; Subkey: "Software\Classes\Directory\shell\docvec"; ValueType: string; ValueData: "Add to docvec"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Directory\shell\docvec"; ValueType: string; ValueName: "Icon"; ValueData: "{app}\docvec-gui.exe"
Root: HKA; Subkey: "Software\Classes\Directory\shell\docvec\command"; ValueType: string; ValueData: """{app}\docvec-gui.exe"" ""%1"""

[Run]
Filename: "{app}\docvec-gui.exe"; Description: "{cm:LaunchProgram,docvec}"; Flags: nowait postinstall skipifsilent
