from loyaltydesk.cli import main

raise SystemExit(main())
