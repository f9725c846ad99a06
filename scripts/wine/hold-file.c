/* hold-file PATH SECONDS: opens PATH with no sharing at all, the way Excel holds a
 * workbook it has open on Windows, prints "held" and keeps it open for SECONDS (or until a
 * file PATH.release appears). Any other process that opens PATH meanwhile gets
 * ERROR_SHARING_VIOLATION (os error 32). When a file PATH.touch appears, it sets PATH's
 * modification time to now, as Excel saving the file it holds, and removes PATH.touch. Used by scripts/test-windows.sh to exercise
 * mtcl's `file-in-use` under wine. Build: x86_64-w64-mingw32-gcc -municode -o
 * hold-file.exe hold-file.c */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: hold-file PATH SECONDS\n");
        return 2;
    }
    HANDLE h = CreateFileW(argv[1], GENERIC_READ | FILE_WRITE_ATTRIBUTES, 0, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "hold-file: cannot open (error %lu)\n", GetLastError());
        return 1;
    }
    printf("held\n");
    fflush(stdout);
    wchar_t release[MAX_PATH * 2], touch[MAX_PATH * 2];
    _snwprintf(release, MAX_PATH * 2, L"%ls.release", argv[1]);
    _snwprintf(touch, MAX_PATH * 2, L"%ls.touch", argv[1]);
    int tenths = _wtoi(argv[2]) * 10;
    for (int i = 0; i < tenths; i++) {
        if (GetFileAttributesW(release) != INVALID_FILE_ATTRIBUTES)
            break;
        if (GetFileAttributesW(touch) != INVALID_FILE_ATTRIBUTES) {
            FILETIME now;
            GetSystemTimeAsFileTime(&now);
            SetFileTime(h, NULL, NULL, &now);
            DeleteFileW(touch);
            printf("touched\n");
            fflush(stdout);
        }
        Sleep(100);
    }
    CloseHandle(h);
    printf("released\n");
    fflush(stdout);
    return 0;
}
