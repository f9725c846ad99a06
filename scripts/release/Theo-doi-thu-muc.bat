@echo off
rem Double-click: runs "mtcl watch" on the folder this file sits in (a workspace): reports
rem are made again each time a workbook in du-lieu\ changes. Close the window or press
rem Ctrl+C to stop. Finds mtcl.exe beside this file, in the folder above, or on PATH.
rem (Only ASCII before chcp: cmd reads each line in the current code page.)
setlocal
for /f "tokens=2 delims=:" %%c in ('chcp') do set "MTCL_OLDCP=%%c"
chcp 65001 >nul
set "WS=%~dp0"
set "WS=%WS:~0,-1%"
set "MTCL="
if exist "%~dp0mtcl.exe" set "MTCL=%~dp0mtcl.exe"
if not defined MTCL if exist "%~dp0..\mtcl.exe" for %%I in ("%~dp0..\mtcl.exe") do set "MTCL=%%~fI"
if not defined MTCL for %%I in (mtcl.exe) do set "MTCL=%%~$PATH:I"
if not defined MTCL goto not_found
echo Theo dõi thư mục: "%WS%"
echo Chép sổ Excel vào "%WS%\du-lieu" — báo cáo được lập lại sau mỗi thay đổi. Dừng: Ctrl+C hoặc đóng cửa sổ.
echo.
"%MTCL%" watch "%WS%"
set "CODE=%ERRORLEVEL%"
goto done
:not_found
echo Không tìm thấy mtcl.exe: hãy đặt mtcl.exe cạnh tệp này, ở thư mục ngay trên nó, hoặc trong PATH.
set "CODE=2"
:done
echo.
pause
if defined MTCL_OLDCP chcp %MTCL_OLDCP% >nul 2>nul
exit /b %CODE%
