"""find_themes over our own texts: label with colon, quoted line under a heading, bulleted suggestions,
caps heading, repeated theme, and text that only mentions a "chủ đề"."""
import pytest

from extractor.events import find_themes

CASES = [
    ("II. CHỦ ĐỀ NGÀY HỘI\nChủ đề của Ngày hội: **“Sách mở cánh cửa tương lai”**.\nIII. THỜI GIAN",
     ["Sách mở cánh cửa tương lai"]),
    ("1. Chủ đề\n\n“Đọc sách mở rộng hiểu biết”\n\n“Ngày hội đọc sách” năm 2025 được tổ chức từ ngày 20/4/2025",
     ["Đọc sách mở rộng hiểu biết"]),
    ("1. Chủ đề:\n\nChủ đề do các trường lựa chọn theo gợi ý sau:\n\n- Đọc sách mở rộng hiểu biết.\n\n"
     "- Học tập suốt đời cho mọi người.\n\n2. Thời gian:", ["Đọc sách mở rộng hiểu biết", "Học tập suốt đời cho mọi người"]),
    # Italic bullets, a later bullet after blank lines, a caps heading above a numbered one.
    ("III. CHỦ ĐỀ, NỘI DUNG\n2. Chủ đề\nChủ đề do các xã lựa chọn. UBND huyện gợi ý như sau:\n"
     "- *Chuyển đổi số trong học tập.*\n- *Học tập trong gia đình.*\n\n\n- Thi đua xây dựng xã học tập.\n3. Thời gian",
     ["Chuyển đổi số trong học tập", "Học tập trong gia đình", "Thi đua xây dựng xã học tập"]),
    # A heading with words after "Chủ đề" is not itself the theme.
    ("1. Chủ đề Hội thi Sáng tạo trẻ năm 2025\n“Sáng tạo vì cộng đồng”\n2. Các hoạt động", ["Sáng tạo vì cộng đồng"]),
    # The same theme given twice is one theme.
    ("1. Chủ đề\n“Vui đọc sách”\n8. Các trường\nPhát động Ngày hội với chủ đề:\n“Vui đọc sách”", ["Vui đọc sách"]),
    ("Chủ đề: Gia đình học tập", ["Gia đình học tập"]),
    # Running text about topics is not a theme.
    ("Tổ chức các cuộc thi có chủ đề về công dân số, tuyên truyền về chủ đề và các hoạt động của Ngày hội.", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_events_themes(text, expected):
    themes = find_themes(text)
    assert [t.text for t in themes] == expected
    for t in themes:
        s, e = t.span
        assert " ".join(text[s:e].replace("*", "").split()) == t.text
        assert t.rule == "theme.chu_de"
