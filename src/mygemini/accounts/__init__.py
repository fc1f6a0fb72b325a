"""Accounts: sign-up and login (local, Google, Kakao), tokens, profiles and follows."""
