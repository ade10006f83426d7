x = [==[ never closed

