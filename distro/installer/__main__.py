import sys

from distro.installer.cli import main

sys.exit(main())
