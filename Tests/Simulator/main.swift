print("provider-sim: not yet")
