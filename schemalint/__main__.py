from schemalint.cli.entry import main

main()
