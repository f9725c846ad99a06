@echo off
rem Double-click: runs "mtcl run" on the folder this file sits in (a workspace), then waits
rem for a key so the result stays on screen. Finds mtcl.exe beside this file, in the folder
rem above, or on PATH. (Only ASCII before chcp: cmd reads each line in the current code page.)
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
echo Lập báo cáo cho thư mục: "%WS%"
echo.
"%MTCL%" run "%WS%"
set "CODE=%ERRORLEVEL%"
echo.
if "%CODE%"=="0" echo XONG. Báo cáo ở thư mục: "%WS%\bao-cao"
if "%CODE%"=="1" echo Đã lập báo cáo, nhưng có lỗi dữ liệu: các dòng lỗi không được tính; xem danh sách trong "%WS%\bao-cao\loi-du-lieu.xlsx", sửa rồi chạy lại.
if "%CODE%"=="2" echo KHÔNG lập được báo cáo: đọc thông báo ở trên, sửa rồi chạy lại.
goto done
:not_found
echo Không tìm thấy mtcl.exe: hãy đặt mtcl.exe cạnh tệp này, ở thư mục ngay trên nó, hoặc trong PATH.
set "CODE=2"
:done
echo.
pause
if defined MTCL_OLDCP chcp %MTCL_OLDCP% >nul 2>nul
exit /b %CODE%
