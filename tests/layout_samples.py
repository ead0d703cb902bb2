"""Documents we wrote ourselves, one per shape a header reaches us in, shared by the layout and header
tests. Names, numbers and places are invented (tỉnh Đồng Xanh, huyện Sông Mây, quận Bờ Hồ)."""

# pdftotext -layout: the two header columns side by side, 3+ spaces between them; the signature beside
# the Nơi nhận list.
SIDE_BY_SIDE = """\
   ỦY BAN NHÂN DÂN                     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
   HUYỆN SÔNG MÂY                            Độc lập - Tự do - Hạnh phúc

   Số: 45 /UBND-VX                        Sông Mây, ngày 12 tháng 3 năm 2030
V/v tổ chức Ngày hội đọc sách
   năm 2030

                 Kính gửi:
                              - Phòng Văn hóa và Thông tin;
                              - Ủy ban nhân dân các xã.

      Thực hiện Kế hoạch số 7/KH-UBND ngày 01/3/2030 của UBND tỉnh Đồng Xanh,
Chủ tịch UBND huyện yêu cầu:
      1. Phòng Văn hóa và Thông tin chủ trì tổ chức.
      2. Ủy ban nhân dân các xã báo cáo trước ngày 30/3/2030./.
Nơi nhận:                                         KT. CHỦ TỊCH
- Như trên;                                       PHÓ CHỦ TỊCH
- Sở Văn hóa (để b/c);
- Lưu: VT.

                                                  Trần Thị Bình
"""

# pdfium / docx paragraphs: the left column's lines, then the right column's; a QĐ that issues a plan.
COLUMNS_IN_TURN = """\
ỦY BAN NHÂN DÂN
TỈNH ĐỒNG XANH
Số: /QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Đồng Xanh, ngày tháng 9 năm 2030
QUYẾT ĐỊNH
Ban hành Kế hoạch phát triển thư viện số
giai đoạn 2030 - 2035
ỦY BAN NHÂN DÂN TỈNH ĐỒNG XANH
Căn cứ Luật Tổ chức chính quyền địa phương;
Theo đề nghị của Giám đốc Sở Văn hóa.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phát triển thư viện số.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Văn Cường
\fKẾ HOẠCH
Phát triển thư viện số giai đoạn 2030 - 2035
I. MỤC ĐÍCH
1. Sở Văn hóa chủ trì xây dựng kho sách số.
"""

# A crawled page converted to Markdown: the header and signature as table rows.
MARKDOWN = """\
# Hướng dẫn kiểm kê sách (tiêu đề do người chép thêm)

| BỘ VĂN HÓA ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |
|---|---|
| Số: 88/BVH-TV V/v hướng dẫn kiểm kê sách năm 2031 | Hà Nội, ngày 05 tháng 01 năm 2031 |

| Kính gửi: | - Sở Văn hóa các tỉnh; - Thư viện tỉnh Đồng Xanh |
|---|---|

Theo đề nghị của Thư viện Trung tâm, Bộ hướng dẫn như sau:

1. Các thư viện kiểm kê trước ngày 31/3/2031.

| Nơi nhận: - Như trên; - Thư viện Trung tâm (để biết); - Lưu: VT, TV. | KT. BỘ TRƯỞNG THỨ TRƯỞNG Phạm Văn Dũng |
|---|---|
"""

# One item per line and no issuer line (an unsigned draft): the body names the issuer.
NO_ISSUER_LINE = """\
Số: /KH-UBND

Bờ Hồ, ngày tháng năm 2031

KẾ HOẠCH

Tổ chức Tuần lễ sách năm 2031

Căn cứ Kế hoạch số 3/KH-UBND ngày 02/01/2031 của UBND tỉnh Đồng Xanh;

UBND quận Bờ Hồ xây dựng kế hoạch như sau:

I. MỤC ĐÍCH

1. Khuyến khích đọc sách.

Nơi nhận:
- Sở Văn hóa;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Đỗ Minh Hải

PHỤ LỤC
Danh sách thư viện tham gia
"""

# Two bodies in the header (parent above the issuer), a number typed into the blank with spaces.
PARENT_AND_ISSUER = """\
UBND TỈNH ĐỒNG XANH          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ VĂN HÓA VÀ THỂ THAO              Độc lập - Tự do - Hạnh phúc
Số:15    /SVHTT-TV            Đồng Xanh, ngày 02 tháng 5 năm 2031
V/v báo cáo số liệu thư viện

Kính gửi: Các thư viện huyện.

Sở Văn hóa và Thể thao đề nghị các thư viện báo cáo số liệu trước ngày 20/5/2031./.

Nơi nhận:                                KT. GIÁM ĐỐC
- Như trên;                              PHÓ GIÁM ĐỐC
- Lưu: VT.
                                         Võ Thị Hoa
"""

# A crawled header with stray spaces inside syllables, the locality cut off the issuer line, the
# symbol continued on the next line, and a report with its subject under the title.
BROKEN = """\
UỶ BAN NHÂN D Â N   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 7 / BC-BCĐ-   T hành phố Bờ Hồ, ngày 3 tháng 0 4 năm 2031
PCGD
BÁO CÁO
KẾT QUẢ PHỔ CẬP GIÁO DỤC
Thời điểm tháng 3 năm 2031
CHỦ TỊCH UỶ BAN NHÂN DÂN THÀNH PHỐ BỜ HỒ
Căn cứ kết quả kiểm tra năm 2031;
I. KẾT QUẢ
1. Tỷ lệ đạt chuẩn tăng.
KT. CHỦ TỊ CH P HÓ CHỦ T Ị CH Ngu y ễn Văn Tâm
"""
