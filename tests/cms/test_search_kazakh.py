"""The Kazakh stemmer (cms/search/kazakh.py): the forms of one noun meet at one stem, whatever the plural,
possessive and case endings and their vowel-harmony variants; other words are left alone."""

import pytest

from cms.search import analysis, kazakh


@pytest.mark.parametrize(
    ("stem", "forms"),
    [
        # plural лар/лер/дар/дер/тар/тер, possessive, case: back and front vowel variants
        ("мектеп", ["мектеп", "мектептер", "мектепке", "мектепте", "мектептен", "мектептің", "мектептерімізде"]),
        ("құжат", ["құжат", "құжаттар", "құжаттарын", "құжатты", "құжаттың", "құжатқа", "құжатпен"]),
        ("бала", ["бала", "балалар", "балаларға", "балаларды", "баланың", "балалары", "баламен"]),
        ("үй", ["үй", "үйлер", "үйлерде", "үйге"]),
        ("адам", ["адамдар", "адамдарға", "адамның"]),
        ("паспорт", ["паспорт", "паспорттар", "паспорттарын", "паспортты", "паспортқа"]),
        # п/б, к/г, қ/ғ alternation before a vowel-initial ending
        ("кітап", ["кітап", "кітабы", "кітабын", "кітаптар"]),
        ("куәлік", ["куәлік", "куәлігі", "куәлігін", "куәлігімді", "куәліктер"]),
        ("аяқ", ["аяқ", "аяғы", "аяқтар"]),
        # nouns ending in a lexicalised possessive
        ("жәрдемақ", ["жәрдемақы", "жәрдемақыны", "жәрдемақысын", "жәрдемақылар", "жәрдемақысы"]),
        ("отба", ["отбасы", "отбасына", "отбасының", "отбасылар"]),
        # verbal noun + case; locative-attributive -дағы/-дегі
        ("алу", ["алу", "алуға"]),
        ("орын", ["орындағы", "орындар"]),
    ],
)
def test_the_forms_of_a_noun_meet_at_one_stem(stem, forms):
    assert {kazakh.stem(form) for form in forms} == {stem}


def test_an_ending_is_taken_off_only_in_vowel_harmony():
    assert kazakh.stem("мектептер") == "мектеп"  # front ending after a front vowel
    assert kazakh.stem("мектептар") == "мектептар"  # back ending after a front vowel: not Kazakh, kept


def test_an_ending_is_taken_off_only_after_the_sound_it_follows():
    assert kazakh.stem("жеке") == "жеке"  # "personal": after a vowel the dative is -ге, so -ке is not an ending
    assert kazakh.stem("жекенің") == "жеке"
    assert kazakh.stem("мектепке") == "мектеп" and kazakh.stem("балаға") == "бала"
    assert kazakh.stem("мектепде") == "мектепде"  # -де after a voiceless consonant: not Kazakh, kept


def test_derivational_endings_are_kept():
    assert kazakh.stem("куәлік") != kazakh.stem("куә")
    assert kazakh.stem("жұмыссыз") == "жұмыссыз"


def test_short_words_and_non_words_are_left_alone():
    assert kazakh.stem("ол") == "ол"
    assert kazakh.stem("00201005") == "00201005"
    assert kazakh.stem("eds") == "eds"


def test_endings_typed_without_kazakh_letters_are_stripped_in_folded_mode():
    assert kazakh.stem("мектептеримизде", folded=True) == "мектеп"
    assert kazakh.fold(kazakh.stem("куалигин", folded=True)) == kazakh.fold(kazakh.stem("куәлігін"))
    assert kazakh.fold(kazakh.stem("жургизуши", folded=True)) == kazakh.fold(kazakh.stem("жүргізуші"))


def test_kazakh_letters_are_folded_to_the_russian_letters_people_type():
    assert kazakh.fold("әғқңөұүһі") == "агкноуухи"
    assert kazakh.fold("құжат") == "кужат"


def test_analysis_keeps_kazakh_letters_distinct_and_folds_yo():
    assert analysis.index_terms("құжат", "kk") != analysis.index_terms("кужат", "kk")
    assert analysis.index_terms("ребёнок", "ru") == analysis.index_terms("ребенок", "ru")


def test_a_kazakh_word_typed_with_latin_i_is_read_as_kazakh():
    assert analysis.index_terms("мектептерiмiзде", "kk") == "мектеп"


def test_russian_words_are_stemmed_with_snowball_russian():
    assert analysis.index_terms("паспорта пособий пособие", "ru") == "паспорт пособ пособ"


def test_the_keyboard_layout_is_swapped_both_ways():
    assert analysis.swap_layout("gfcgjhn") == "паспорт"
    assert analysis.swap_layout("паспорт") == "gfcgjhn"
