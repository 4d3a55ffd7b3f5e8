from sanchika.cli import main

main()
