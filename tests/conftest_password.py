from accounts.demo import DEMO_PASSWORD

PASSWORD = DEMO_PASSWORD
