from connectors.samplesite.server import main

main()
