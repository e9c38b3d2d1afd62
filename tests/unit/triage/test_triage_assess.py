"""The lexicon alone: emergencies found in people's own words, and what is not an emergency now.

These sentences were written for the tests, by kind; the independent evaluation set beside this
file (independent_set.yml) is used only by the benchmark, never here or in training."""

import pytest

from triage.assess import assess
from triage.lexicon import load_lexicon

LEXICON = load_lexicon()

EMERGENCIES = [
    # (message, answer)
    ("he is hitting me", "police"),
    ("please someone help me", "police"),
    ("can someone help me right now", "police"),
    ("my sister is on the balcony saying she will jump", "self_harm"),
    ("he cut his wrists now", "self_harm"),
    ("socorro, me están pegando", "police"),
    ("fire fire in the kitchen", "fire"),
    ("the man beside me is holding my arm and won't let go", "police"),
    ("i've got the tablets out and i'm counting them", "self_harm"),
    # "nobody is bleeding" sets aside only its own part of the sentence
    ("nobody is bleeding yet, but he has a knife to her throat", "police"),
    # So does asking for help with something, or asking in general: until the ninth session it
    # set aside the whole sentence, and DIET's sure "danger" with it
    ("please help me find somewhere safe, he has a knife and he is outside", "police"),
    ("can someone help me with this, he is beating me right now", "police"),
    ("what are the signs of an overdose, my friend is not breathing", "ambulance"),
    ("i need to talk about it, he is hitting my sister now", "police"),
    ("should i be worried, he has a knife and he is outside now", "police"),
    # and an idiom or a laugh
    ("my battery is dying, he has a knife and he is outside", "police"),
    ("haha sorry, he is hitting me", "police"),
    # and asking about 999 itself
    ("how do i call the police, he is beating her", "police"),
    ("is it an emergency, my friend is not breathing", "ambulance"),
    ("HES BEATING HER UPSTAIRS", "police"),
    ("my manager punch me now", "police"),
    ("someone is screaming for help in the flat below", "police"),
    ("hes tooled up outside the shop", "police"),
    ("that lad has got a blade", "police"),
    ("they are gonna run up on my cousin", "police"),
    ("we are locked in the back of a lorry", "police"),
    ("they locked us in, we cant get out", "police"),
    ("door padlocked, four of us inside", "police"),
    ("they are pushing a woman into a van", "police"),
    ("someone is taking me away in a car, dont know where", "police"),
    ("my son rang me from a flat they wont let him leave", "police"),
    ("my little girl is alone with those men", "police"),
    ("he says he will kill me if i try to leave", "police"),
    ("they found me. they are outside my door", "police"),
    ("please someone help me", "police"),
    ("save me", "police"),
    ("my friend isnt breathing", "ambulance"),
    ("she collapsed and wont wake up", "ambulance"),
    ("there is blood everywhere", "ambulance"),
    ("i think he overdosed", "ambulance"),
    ("he got stabbed, send an ambulance", "ambulance"),
    ("the house is on fire", "fire"),
    ("smoke pouring under the door", "fire"),
    ("i am going to kill myself", "self_harm"),
    ("she says she wants to die and has taken all her tablets", "self_harm"),
    ("im standing on the bridge right now", "self_harm"),
    # long message, danger only at the end
    (
        "I came to the UK three years ago for a job in a kitchen. They took my passport and "
        "I owe them money. Tonight he came back drunk and he is hitting me.",
        "police",
    ),
    # a past story, then now
    ("He beat me last year. Right now he is kicking the door", "police"),
    # text-speak and repeats
    ("pls hlp hes hurtin me rn", "police"),
    ("heeelp cant breath", "ambulance"),
    # seventh session: fire phrases beside a fire door or exit, clause by clause
    ("the dorm is full of smoke and the fire exit is chained shut", "fire"),
    ("the heater set fire, door jammed", "fire"),
    # eighth session: burning eyes or skin is an injury, not a fire; a threat that someone
    # "gets hurt" is a threat (police), not an injury
    ("bleach splashed in my face at work and my eyes are burning", "ambulance"),
    ("they are coming back in an hour and anyone who talks gets hurt", "police"),
    # tenth session: saying it is not a story or a joke does not make it one ("real" in cues.yml)
    ("this is not a story, he is beating me now", "police"),
    ("im not joking he has a knife and hes outside", "police"),
    ("i know it sounds like a film but they locked us in and we cant get out", "police"),
    ("nothing matters anymore, going to the railway line now", "self_harm"),
    # the Arabic comma divides clauses: here the danger is in the part with "now"
    ("كنت بخير، الآن هو يضربني", "police"),
    # eleventh session: the bare word for "if", "find" or "documents" in another language no
    # longer sets aside the whole sentence (a language review)
    ("zabrali mi dokumenty i zamkneli mnie w pokoju", "police"),
    ("nu gasesc iesirea, arde casa", "fire"),
    # "but" in other languages ends a sentence, as in English: "I am safe" keeps to its half
    ("güvendeyim ama beni dövüyor şimdi", "police"),
    # a settled "now" does not hide a "now" of its own
    ("i am at my friends house now and he is outside with a knife now", "police"),
    # twelfth session: "safe", "ok" or "over" denied is not someone safe ("safe now" is inside
    # "not safe now"); "won't let us out" is not "let us out"; a survivor or "has never" does not
    # set aside danger now
    ("we are not safe now, he is coming back with a bat", "police"),
    ("i am not ok, they are kicking the door in", "police"),
    ("it is not over, he is back and he has a knife", "police"),
    ("they shut us in the lorry and won't let us out", "police"),
    ("the boss won't let her out and she is screaming", "police"),
    ("my mate cant get out of there, they have locked him in the basement", "police"),
    # story words that are also everyday words no longer set aside danger told beside them
    ("i am revising for my exams and i can hear him hitting my sister upstairs", "police"),
    ("there's drama downstairs, he is strangling her", "police"),
    ("a lad from my class is being stabbed by the shops", "ambulance"),
    ("i am in the news shop and two men are dragging a woman into a van", "police"),
    # someone else's word that it is not an emergency
    ("the boss says its not an emergency but my friend is not breathing", "ambulance"),
    ("i'm a survivor but they have found me and he has a gun", "police"),
    ("he has never been like this, he is choking her", "ambulance"),
    # a threat told ("said he would") is not a "what if"
    ("he said he would torch the place and now the caravan is on fire", "fire"),
    # watching a man, not a film
    ("just watched two men drag a girl into a van outside the shop", "police"),
    # thirteenth session: any denial, wish or question just before "safe" or "over" (not only
    # the denied forms listed one by one): none of these is someone safe
    ("i dont feel safe now, he is outside with a knife", "police"),
    ("nowhere is safe now, he is coming to kill me", "police"),
    ("no one is safe now, they are beating everyone in the house", "police"),
    ("am i safe now? he just hit my brother and hes still here", "police"),  # and "just hit"
    ("i thought i was safe now but he found me and hes got a knife", "police"),
    ("i'm far from safe now he is kicking the door in", "police"),
    ("i want to be safe now, he is choking me", "ambulance"),
    ("we can't get out of there, they locked the door on us", "police"),
    # a denied settled phrase keeps its "now"
    ("he is not stable now, his head is bleeding a lot", "ambulance"),
    # a door locked from outside is still the danger when told "with the door locked"
    ("they left us in the shed with the door locked from outside", "police"),
]

NOT_NOW = [
    "when should I call 999?",
    # asking in general, in the part of the sentence that has the danger words
    "what are the signs a kid is being groomed by a gang to sell drugs",
    "when should i call 999, like if someone is being beaten",
    "signs someone is being kept as a domestic slave",
    "my friend has been talking about ending it all",
    # a polite question for help is not a cry for help ("unless" in english.yml)
    "they took my passport when i arrived, can someone help me?",
    # kept from daily life, not held now
    "my aunt won't let me go to college",
    # help that has come; a fear of arrest; being sacked
    "the firefighters have put the fire out",
    "the police will lock me up if i say what i did",
    "they will fire me if i complain",
    # asking about ringing 999, a podcast, sore feet, truancy over weeks
    "what happens if i ring 999 and cant talk",
    "i heard a podcast about county lines where a boy got stabbed",
    "my feet are on fire after a twelve hour shift",
    "i'd jump at the chance to work somewhere else",
    "she was fine at first and now she is missing school every friday",
    "is it an emergency if my boss keeps my passport",
    "should I call 999 or 101 about my neighbour",
    "he used to hit me but I left",
    "they hit me years ago in Albania",
    "what if he finds out and hurts me",
    "what happens if I call 999 and cannot speak",
    "this job is killing me",
    "my feet are killing me after that shift",
    "im safe now, i just want advice",
    "I'm writing a story where a girl is locked in a container",
    "I saw on the news that a house was on fire",
    "my boss keeps my passport and pays me nothing",
    "I work 14 hours a day",
    "I owe them £3,000",
    "they will fire me if I complain",
    "is there a fire drill at the hostel",
    "no one is hurting me, I just cannot leave the job",
    "signs of someone being trafficked",
    "how do I know if my friend is being exploited",
    # seventh session: the English word "ambulance" is not the Albanian emergency word
    "should I call an ambulance or the police",
    "the fire door at work is always propped open, is that allowed?",
    # eighth session: a sign over time, a fear of detention, a busy phone
    "the girls at the salon seem to be being moved around between shops",
    "if i go to the police they will have me locked in a detention centre",
    "my phone has been on fire all day, what is the helpline number",
    # tenth session: a story is still a story when "real" phrases are nearby
    "just watched a film where they lock girls in a container",
    "it's not a film I've seen, it's a book where a man is beaten",
    # thirteenth blind set's dev half, in other words: "say a...?", an idiom, "I am safe" in Arabic
    "say someone found a girl locked in a shed, who would they call?",
    "I really shot myself in the foot there, can I change my answer",
    "قبل شهرين ضربني المدير، الآن انا بامان عند صديقتي",
    # eleventh session: "soon" and "son" are two words (a son is not a cue of now)
    "my son keeps going missing and comes back with new trainers",
    # where someone is safe now, or how they are now: that "now" is not the danger's
    "they stabbed my brother last night. he is in hospital now and stable",
    "the boss came at me with a knife. the police took him. i am at my friends flat now",
    "i was beaten there for months. i am better now and i want to report it",
    # "two years ago" in Romanian is made with "acum" (now); "as soon as possible" in Albanian
    # with "me pare" (before)
    "m a batut acum doi ani",
    # not let out alone is control over weeks, not being held now
    "her husband won't let her go out on her own and takes her wages",
    # a denial of self-harm
    "i feel low after everything but i am not going to hurt myself",
    # twelfth session: "I am fine now" and "ago" in other languages; help that let them out;
    # how often, not when
    "ma lovit acum trei ani, acum sunt bine si vreau sa vorbesc cu cineva",
    "me pegó con un cinturón hace tres semanas, ahora estoy bien",
    "il y a deux ans il m'a frappé avec un couteau",
    "they had her locked in the shed and a neighbour came and let her out, she is with us",
    "i have seen marks on his arms a few times now",
    # locked in for safety; the one who did it locked up (thirteenth session)
    "the boss hit me this morning, i am at my cousins now with the door locked",
    "he stabbed my brother last year and he is in jail now",
    # remembering or telling what happened; bruises seen are a sign, not violence now
    "i keep thinking about the night they locked us in, it still scares me now",
    "right now i just want to know if what happened to me counts, they beat us and took our phones",
    "the woman at the car wash had bruises on her arms today",
    # a denial in another part of the sentence, or before "but", does not deny "safe"
    "he did not come back last night, i am safe now",
    "the police did not arrest him but we are safe now, he hit me last week",
    # the story forms kept: a drama group's scene, homework about something
    "our drama group is doing a scene where a man holds a knife to a girl",
    "i have homework about county lines, where a boy gets stabbed",
]


@pytest.mark.parametrize("message, answer", EMERGENCIES)
def test_emergencies_are_found_with_the_right_answer(message, answer):
    result = assess(LEXICON, message)
    assert result.answer == answer, (result.fired, result.concern, result.not_now)


@pytest.mark.parametrize("message", NOT_NOW)
def test_what_is_not_an_emergency_now_is_not_one(message):
    result = assess(LEXICON, message)
    assert result.answer is None, result.fired


def test_a_cue_of_now_in_a_sentence_set_aside_is_kept_for_the_decision():
    result = assess(LEXICON, "what if he kills me, he is kicking the door in right now")
    assert result.answer is None and result.ruled_out and result.ruled_out_now
    assert not assess(LEXICON, "what if he kicks the door in one day").ruled_out_now
    # "just" in "just wondering" is not a cue of now (settled in cues.yml)
    asking = assess(LEXICON, "how long do police take to come to a stabbing, just asking")
    assert asking.ruled_out and not asking.ruled_out_now


def test_harm_words_without_now_are_a_concern():
    result = assess(LEXICON, "he hit me")
    assert result.answer is None
    assert result.concern == ["violence_hurt_with_now"]


def test_the_same_words_with_now_are_an_emergency():
    assert assess(LEXICON, "he hit me, hes still here").answer == "police"


def test_fire_comes_before_other_answers():
    assert assess(LEXICON, "he is hitting me and the house is on fire").answer == "fire"


def test_only_pattern_ids_are_reported_never_the_words():
    result = assess(LEXICON, "he has a knife")
    assert (result.fired, result.concern) == (["weapon_has_one"], ["weapon_word_with_now"])


def test_english_is_told_apart_from_other_languages():
    assert assess(LEXICON, "my boss keeps my passport").english
    assert not assess(LEXICON, "Șeful meu mi-a luat pașaportul").english
    assert not assess(LEXICON, "老板拿走了我的护照").english


@pytest.mark.parametrize(
    "message",
    [
        "who can find me a room for tonight",
        "they kicked me out and i have nowhere to go, where can i stay tonight",
        "can anyone help my family abroad",
    ],
)
def test_asking_where_to_stay_is_not_an_emergency(message):
    assert assess(LEXICON, message).answer is None


def test_only_the_clause_that_asks_where_to_stay_is_ruled_out():
    assert assess(LEXICON, "i need a place to stay, he is hitting me now").answer == "police"
    assert assess(LEXICON, "he kicked me out, now he is outside with a knife").answer == "police"


def test_a_plain_help_me_is_not_a_concern():
    # kinds.yml: help_now has concern_without_now: false
    assert assess(LEXICON, "emergency").concern == []
    assert assess(LEXICON, "emergency, he is here").answer == "police"


@pytest.mark.parametrize(
    "message",
    [
        "what do the police do when they find someone locked in a shed?",
        "is hearing someone being beaten next door an emergency?",
        "do they arrest people found locked in a cannabis farm?",
        "should a neighbour report a man with a knife in his van?",
    ],
)
def test_a_question_about_danger_is_not_a_report_of_it(message):
    assert assess(LEXICON, message).answer is None


@pytest.mark.parametrize(
    "message, answer",
    [
        ("what do i do, he has a knife?", "police"),
        ("can you help, they locked us in the van?", "police"),
        # the same opening without a question mark is a report
        ("would not let me out, i am locked in the shed", "police"),
    ],
)
def test_a_question_from_someone_in_danger_still_gets_the_answer(message, answer):
    assert assess(LEXICON, message).answer == answer


def test_help_that_has_come_turns_an_emergency_into_a_question():
    result = assess(LEXICON, "they had him locked in the garage. the police are with us.")
    assert result.answer is None
    assert "held_locked_in" in result.concern


def test_help_that_has_come_does_not_hide_danger_now():
    message = "the police are with us but he is outside with a knife now"
    assert assess(LEXICON, message).answer == "police"


def test_an_escape_story_does_not_hide_being_caught_again():
    message = "i got away in june. they found me and tied me up in the cellar"
    assert assess(LEXICON, message).answer == "police"


def test_a_concern_carries_the_answer_its_kind_would_need():
    assert assess(LEXICON, "someone hit me").concern_answer == "police"
    # Hurt: violence (police) and an injury (ambulance); the ambulance answer comes first.
    assert assess(LEXICON, "he hurt her").concern_answer == "ambulance"
    assert assess(LEXICON, "what time is it").concern_answer is None


def test_every_entrys_example_is_found_by_the_triage_itself():
    # The loader checks each example against its own phrases over the whole message; the triage
    # reads a message part by part (sentences and clauses), so a phrase with "..." across a comma
    # passed the loader and never fired.
    missed = []
    for pattern in LEXICON.patterns:
        found = assess(LEXICON, pattern.example)
        if pattern.id not in found.fired + found.concern:
            missed.append((pattern.id, pattern.example))
    assert not missed, missed
