/*
 * For tests under wine only: holds a file open the way Word or Excel holds a document it has
 * open (no sharing, so Windows refuses to replace, rename or delete it) until it is killed.
 * release/check-platforms.sh uses it to see that a rebuild Windows refuses leaves the previous
 * booklet whole.
 *
 *   hold.exe FILE
 */
#include <windows.h>
#include <stdio.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 2)
        return 2;
    HANDLE file = CreateFileW(argv[1], GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
        return 1;
    printf("holding\n");
    fflush(stdout);
    Sleep(INFINITE);
    return 0;
}
