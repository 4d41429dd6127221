"""The official NRM / Duty to Notify online form, in one place.

Its fields as data (form.py, data/), the answer sheet built from a referral (sheet.py) and the
mapping from Signpost's record to the form's own values (sheet_input.py).
"""
