from schemalint.entry import main

main()
