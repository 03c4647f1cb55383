#!/usr/bin/env bash
# Remakes docs/studio.png: the studio's browser test (headless Debian chromium) saves the page with two songs side by
# side when DL4M_STUDIO_SCREENSHOT names a file. Needs `apt-get install chromium`.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/Dl4m.Tests -c Release -v q -nologo >/dev/null
DL4M_STUDIO_SCREENSHOT="$(pwd)/docs/studio.png" dotnet test tests/Dl4m.Tests -c Release --no-build \
    --filter "FullyQualifiedName~StudioBrowserTests.Generate_draws_the_notes_of_the_written_midi_file_and_downloads_it"
echo "wrote docs/studio.png"
