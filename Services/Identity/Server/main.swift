print("identity: not yet")
