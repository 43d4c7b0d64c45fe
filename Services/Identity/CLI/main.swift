print("djctl: not yet")
