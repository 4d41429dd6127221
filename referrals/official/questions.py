"""The official form's pages and fields as plain questions, in Signpost's own words (issue 14).

Each page title names the online form's page so a lead can match the sheet to the form page by
page (reference: nrm-form-fields.md, the table's step paths); each question says what is asked
without the form's field names. Written for Signpost: not the form's own wording.
"""

from __future__ import annotations

from referrals.official.form import FORM_STEPS

# The form's pages, by step path.
PAGES: dict[str, str] = {
    "/reference": "Your reference",
    "/organisation": "Your organisation",
    "/fr-location": "Where you work",
    "/pv-under-age": "Their age now",
    "/local-authority-contacted-about-child": "The council you told about the child",
    "/pv-under-age-at-time-of-exploitation": "Their age when it happened",
    "/what-happened": "What happened (no longer on the form)",
    "/what-is-their-background": "Their background",
    "/potential-victim-exploitative-situation-multiple": "More than one situation",
    "/when-did-the-exploitation-take-place": "When it happened",
    "/when-did-the-exploitation-take-place-multiple": "When it happened",
    "/how-did-the-exploitation-start": "How it started",
    "/were-they-taken-somewhere-by-their-exploiter": "Being taken somewhere",
    "/how-they-were-treated": "What they had to do and how they lived",
    "/is-the-potential-victim-still-in-an-exploitative-situation": "Whether it is still going on",
    "/reasons-preventing-potential-victim-from-leaving": "What stops them leaving",
    "/how-why-did-they-leave-the-situation": "How they got out",
    "/when-last-contact": "Last contact with the exploiters",
    "/details-last-contact": "About that last contact",
    "/is-this-the-first-chance-to-report": "First chance to tell someone",
    "/why-report-now": "Why they are telling someone now",
    "/modern-slavery-indicators": "Signs of modern slavery",
    "/where-how-interview-carried-out": "How you spoke with them",
    "/professional-insight": "Your view as a professional",
    "/evidence-of-dishonesty": "Reasons to doubt the account",
    "/are-others-involved": "Other professionals involved",
    "/where-exploitation-happened": "Where it happened",
    "/where-exploitation-happened-uk": "Places in the UK",
    "/where-exploitation-happened-overseas": "Countries abroad",
    "/current-pv-location": "Where they are now",
    "/who-exploited-pv": "Who exploited them",
    "/exploiters-location": "Whether you know where the exploiters are",
    "/are-exploiters-in-the-uk": "Whether the exploiters are in the UK",
    "/exploiters-current-location-details": "Where the exploiters are",
    "/types-of-exploitation": "Types of exploitation",
    "/any-other-pvs": "Other people who may be exploited",
    "/future-exploitation": "Risk of it happening again",
    "/concerns-future-exploitation": "Why it might happen again",
    "/reported-to-police": "Police",
    "/authorities-cooperation": "Helping the police or other authorities",
    "/pv-want-to-submit-nrm": "Whether they agree to a referral",
    "/refuse-nrm": "Why they do not agree",
    "/pv-gender-dtn": "Their gender",
    "/pv-nationality-dtn": "Their nationality",
    "/pv-name-dtn": "Their name",
    "/pv-contact-details-dtn": "How to contact them",
    "/does-pv-need-support": "Whether they need support",
    "/pv-phone-number": "Their phone number",
    "/pv-name-referral": "Their name",
    "/pv-dob": "Their date of birth",
    "/pv-gender-referral": "Their gender",
    "/does-pv-have-children": "Their children",
    "/pv-nationality-referral": "Their nationality",
    "/pv-interpreter-requirements": "Interpreter",
    "/pv-other-help-with-communication": "Other help with communication",
    "/pv-ho-reference": "Home Office reference",
    "/who-contact": "Who the Home Office should contact",
    "/someone-else": "The other contact",
    "/pv-contact-details-referral": "How to contact them",
    "/fr-details": "Your details",
    "/fr-alternative-contact": "Who to contact when you are away",
    "/upload-evidence": "Evidence",
    "/what-evidence-you-will-submit": "Evidence you will send",
    "/exit": "Other situations",
    "/why-are-you-making-the-referral": "Why you are referring",
}

_LA = "local-authority-contacted-about-child-local-authority-"
_CONTACT = "pv-contact-details-"

QUESTIONS: dict[str, str] = {
    "reference": "Your reference for this referral",
    "user-organisation": "Which organisation are you referring from?",
    "fr-location": "Which nation do you work in?",
    "pv-under-age": "Are they under 18?",
    _LA + "name": "Which council did you tell about the child?",
    _LA + "phone": "The council's phone number",
    _LA + "email": "The council's email address",
    _LA + "first-name": "First name of the person you spoke to there",
    _LA + "last-name": "Last name of the person you spoke to there",
    "pv-under-age-at-time-of-exploitation": "Were they under 18 when it happened?",
    "what-happened": "What happened (the form no longer asks this)",
    "birthplace": "Where were they born and where did they grow up?",
    "family": "What do you know about their family?",
    "education": "What schooling or education have they had?",
    "employment-history": "What work have they done before?",
    "potential-victim-exploitative-situation-multiple": (
        "Were they exploited in more than one situation?"
    ),
    "when-did-the-exploitation-take-place": "When did it happen?",
    "when-did-the-exploitation-take-place-multiple": "When did each situation happen?",
    "how-did-the-exploitation-start": "How did it start?",
    "were-they-taken-somewhere-by-their-exploiter": (
        "Did the people exploiting them take them somewhere?"
    ),
    "were-they-taken-somewhere-by-their-exploiter-journey-details": (
        "Tell us about the journey: where from, where to, how"
    ),
    "what-were-they-required-to-do": "What did they have to do?",
    "living-conditions": "Where and how did they live?",
    "how-they-were-treated": "How were they treated?",
    "still-in-exploitative-situation": "Are they still being exploited?",
    "what-is-keeping-them-in-situation": "What is stopping them leaving?",
    "how-why-did-they-leave-the-situation": "How and why did they leave?",
    "when-last-contact": "When were they last in touch with the people who exploited them?",
    "details-last-contact": "What happened when they were last in touch",
    "is-this-the-first-chance-to-report": "Is this the first time they could tell someone?",
    "yes-the-first-chance-to-report": "What has stopped them telling anyone before?",
    "not-sure-the-first-chance-to-report": "What do you know about why they have not told before?",
    "why-report-now": "Why are they telling someone now?",
    "modern-slavery-indicators": "Have you seen signs of modern slavery?",
    "modern-slavery-indicators-details": "Which signs?",
    "where-how-interview-carried-out": "Where and how did you speak with them?",
    "professional-insight": "What is your professional view of their situation?",
    "evidence-of-dishonesty": "Is there any reason to doubt what they say?",
    "evidence-of-dishonesty-details": "What gives reason to doubt it?",
    "are-others-involved": "Are other professionals or organisations involved?",
    "are-others-involved-details": "Who else is involved, and how?",
    "where-exploitation-happened": "Did it happen in the UK, abroad or both?",
    "where-exploitation-happened-other-uk-other-location": "Any other places in the UK",
    "where-exploitation-happened-other-overseas-other-location": "Any other places abroad",
    "current-pv-location-uk-city": "Which town or city are they in now?",
    "current-pv-location-uk-region": "Which region of the UK are they in now?",
    "who-exploited-pv": "Who exploited them?",
    "exploiters-location": "Do you know where the people who exploited them are now?",
    "are-exploiters-in-the-uk": "Are they in the UK?",
    "exploiters-current-location-details": "Where are they now?",
    "other-exploitation-details": "Describe the other kind of exploitation",
    "any-other-pvs": "Could anyone else be being exploited in the same way?",
    "other-potential-victims-yes-details": "Who else may be being exploited?",
    "other-potential-victims-not-sure-details": "What makes you think others may be?",
    "future-exploitation-concerns": "Could they be exploited again?",
    "future-exploitation-reasons": "Why might they be exploited again?",
    "reported-to-police": "Has it been reported to the police?",
    "reported-to-police-police-forces": "Which police force?",
    "reported-to-police-crime-reference": "The crime reference number",
    "authorities-cooperation": "Will they help the police or other authorities?",
    "authorities-cooperation-details": "How will they help?",
    "pv-want-to-submit-nrm": "Do they agree to be referred?",
    "refuse-nrm": "Why do they not agree to be referred?",
    "pv-gender": "What is their gender?",
    "pv-nationality": "What is their nationality?",
    "pv-nationality-second": "A second nationality, if they have one",
    "pv-name-first-name": "Their first name",
    "pv-name-last-name": "Their last name",
    "pv-name-nickname": "Any other names or nicknames",
    _CONTACT[:-1]: "How can the Home Office write to them?",
    _CONTACT + "email-input": "Their email address",
    _CONTACT + "email-check": "It is safe to email them at this address",
    _CONTACT + "street": "Street",
    _CONTACT + "town": "Town or city",
    _CONTACT + "county": "County",
    _CONTACT + "postcode": "Postcode",
    _CONTACT + "post-check": "It is safe to write to them at this address",
    "does-pv-need-support": "Do they need support now, such as a safe place to stay?",
    "pv-phone-number": "Can they be reached by phone?",
    "pv-phone-number-yes": "Their phone number",
    "pv-phone-number-alternative": "The other phone number",
    "alternative-number-relation-to-pv": "Whose number is it?",
    "no-contact-details": "Why can they not be reached by phone?",
    "pv-dob": "Their date of birth",
    "does-pv-have-children": "Do they have children?",
    "does-pv-have-children-yes-amount": "How many children?",
    "pv-interpreter-requirements": "Do they need an interpreter?",
    "pv-interpreter-requirements-language": "Which language?",
    "pv-other-help-with-communication": "Do they need other help to communicate?",
    "pv-other-help-with-communication-aid": "What help do they need?",
    "pv-ho-reference": "Do they have a Home Office reference number?",
    "pv-ho-reference-type": "The Home Office reference",
    "who-contact": "Who should the Home Office contact about the decision?",
    "someone-else": "How can the Home Office write to the other contact?",
    "someone-else-first-name": "The other contact's first name",
    "someone-else-last-name": "The other contact's last name",
    "someone-else-email-input": "The other contact's email address",
    "someone-else-street": "Street",
    "someone-else-town": "Town or city",
    "someone-else-county": "County",
    "someone-else-postcode": "Postcode",
    "someone-else-permission-check": "The other contact has agreed to be contacted",
    "fr-details-first-name": "Your first name",
    "fr-details-last-name": "Your last name",
    "fr-details-role": "Your job title",
    "fr-details-phone": "Your phone number",
    "fr-alternative-contact": "An email address to use when you are away",
    "upload-file": "A file you will upload with the referral",
    "what-evidence-you-will-submit": "What evidence will you send?",
    "more-than-one-exploitation-situation": "Tell us about the other situations",
    "why-are-you-making-the-referral": "Why are you making this referral?",
}
for _i in range(1, 11):
    QUESTIONS[f"where-exploitation-happened-uk-city-{_i}"] = f"Town or city in the UK ({_i})"
    QUESTIONS[f"where-exploitation-happened-overseas-country-{_i}"] = f"Country abroad ({_i})"
TYPE_LABELS: dict[str, str] = {
    "forced-to-work": "Made to work",
    "wages-taken": "Their pay taken from them",
    "forced-to-commit-fraud": "Made to commit fraud, such as benefit fraud",
    "prostitution": "Made to sell sex",
    "child-exploitation": "Sexual exploitation of a child",
    "taken-somewhere": "Taken somewhere to be exploited",
    "forced-to-commit-crime": "Made to commit crime, such as carrying drugs",
    "organs-removed": "Organs removed",
    "unpaid-household-work": "Unpaid household work (domestic servitude)",
    "other": "Something else",
}
for _code, _label in TYPE_LABELS.items():
    QUESTIONS[f"types-of-exploitation-{_code}"] = _label

STEP_OF: dict[str, str] = {}
for _step in FORM_STEPS:
    for _f in _step.fields:
        STEP_OF.setdefault(_f.name, _step.path)


def question(name: str) -> str:
    return QUESTIONS[name]


def page_title(path: str) -> str:
    return PAGES[path]
