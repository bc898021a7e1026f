// The program record and its 13 task groups (section V) of Action Program 17/CTr-UBND, transcribed from
// docs/sources/17-CTr-UBND-2021.txt. Task group titles are the section V headings verbatim (group 10's heading ends
// with a period in the document, so its title does too); appendixTitle is the heading the appendix repeats for the
// group, verbatim (it differs in small ways: "Covid-19" for "COVID-19" in I, "văn hóa xã hội" for "văn hóa, xã hội"
// in VII). Groups 5 and 10-13 have no appendix section.
import type { SeedProgram, SeedTaskGroup } from '../types.js';

export const program: SeedProgram = {
  code: '17/CTr-UBND',
  // The heading "THỰC HIỆN NGHỊ QUYẾT SỐ 99/NQ-CP …" under "CHƯƠNG TRÌNH HÀNH ĐỘNG", in sentence case.
  title:
    'Chương trình hành động thực hiện Nghị quyết số 99/NQ-CP ngày 30/8/2021 của Chính phủ ban hành Chương trình hành động của Chính phủ nhiệm kỳ 2021 - 2026 thực hiện Nghị quyết của Quốc hội về Kế hoạch phát triển kinh tế - xã hội 05 năm 2021 - 2025',
  resolution: '99/NQ-CP',
  issuerCode: 'ubnd-tp-can-tho',
  issuedOn: '2021-10-04',
  startYear: 2021,
  endYear: 2025,
  signedBy: 'Trần Việt Trường',
  coordinatorCode: 'so-ke-hoach-va-dau-tu',
  // Section II (MỤC TIÊU TỔNG QUÁT), its only paragraph, verbatim.
  summary:
    'Đẩy mạnh chuyển dịch cơ cấu kinh tế theo hướng khai thác tốt nhất tiềm năng, lợi thế, trên nền tảng thúc đẩy mạnh mẽ nghiên cứu, chuyển giao, ứng dụng khoa học công nghệ hiện đại, đổi mới sáng tạo, phát triển kinh tế số, xã hội số, nâng cao năng suất, chất lượng, hiệu quả, sức cạnh tranh của nền kinh tế, bảo đảm tăng trưởng kinh tế nhanh và bền vững. Thực hiện đồng bộ các giải pháp khắc phục hiệu quả tác động của đại dịch COVID-19, nhanh chóng phục hồi và đẩy nhanh phát triển kinh tế. Huy động, phân bố và sử dụng có hiệu quả các nguồn lực, thúc đẩy đầu tư, sản xuất kinh doanh, tập trung xây dựng kết cấu hạ tầng, phát triển đô thị, phát triển kinh tế xanh, chú trọng bảo vệ môi trường, chủ động ứng phó hiệu quả với biến đổi khí hậu và các vấn đề an ninh phi truyền thống. Phát huy mạnh mẽ giá trị văn hóa, sức mạnh con người Cần Thơ và sức sáng tạo của mỗi cá nhân. Bảo đảm an sinh và phúc lợi xã hội, nâng cao đời sống vật chất và tinh thần của Nhân dân. Giữ vững ổn định chính trị, bảo đảm quốc phòng an ninh, trật tự an toàn xã hội, nâng cao hiệu quả công tác đối ngoại; hướng tới xây dựng và phát triển thành phố Cần Thơ đạt mục tiêu Nghị quyết số 59-NQ/TW của Bộ Chính trị và Nghị quyết Đại hội đại biểu Đảng bộ thành phố lần thứ XIV, nhiệm kỳ 2020 - 2025 đã đề ra.',
};

export const taskGroups: SeedTaskGroup[] = [
  {
    code: '1',
    title: 'Tập trung thực hiện mục tiêu kép vừa phòng, chống dịch bệnh COVID-19, vừa phục hồi, phát triển kinh tế - xã hội, bảo đảm sức khỏe, tính mạng của Nhân dân là trên hết, trước hết và bảo đảm an sinh xã hội',
    appendixSection: 'I',
    appendixTitle: 'Tập trung thực hiện mục tiêu kép vừa phòng, chống dịch bệnh Covid-19, vừa phục hồi, phát triển kinh tế - xã hội, bảo đảm sức khỏe, tính mạng của Nhân dân là trên hết, trước hết và bảo đảm an sinh xã hội',
  },
  {
    code: '2',
    title: 'Tiếp tục hoàn thiện đồng bộ thể chế phát triển theo quy định, nhất là thể chế kinh tế thị trường định hướng xã hội chủ nghĩa',
    appendixSection: 'II',
    appendixTitle: 'Tiếp tục hoàn thiện đồng bộ thể chế phát triển theo quy định, nhất là thể chế kinh tế thị trường định hướng xã hội chủ nghĩa',
  },
  {
    code: '3',
    title: 'Đẩy mạnh cơ cấu lại nền kinh tế gắn với đổi mới mô hình tăng trưởng, nâng cao năng suất, chất lượng, hiệu quả và sức cạnh tranh; phát triển kinh tế số, xã hội số',
    appendixSection: 'III',
    appendixTitle: 'Đẩy mạnh cơ cấu lại nền kinh tế gắn với đổi mới mô hình tăng trưởng, nâng cao năng suất, chất lượng, hiệu quả và sức cạnh tranh; phát triển kinh tế số, xã hội số',
  },
  {
    code: '4',
    title: 'Tăng cường huy động, phân bổ và sử dụng có hiệu quả các nguồn lực; cải thiện môi trường kinh doanh, phát triển các thành phần kinh tế',
    appendixSection: 'IV',
    appendixTitle: 'Tăng cường huy động, phân bổ và sử dụng có hiệu quả các nguồn lực; cải thiện môi trường kinh doanh, phát triển các thành phần kinh tế',
  },
  {
    code: '5',
    title: 'Đẩy mạnh đầu tư phát triển hệ thống hạ tầng giao thông đồng bộ, kết nối',
    appendixSection: null,
    appendixTitle: null,
  },
  {
    code: '6',
    title: 'Nâng cao chất lượng nguồn nhân lực gắn với đẩy mạnh đổi mới sáng tạo, ứng dụng và phát triển mạnh mẽ khoa học và công nghệ',
    appendixSection: 'V',
    appendixTitle: 'Nâng cao chất lượng nguồn nhân lực gắn với đẩy mạnh đổi mới sáng tạo, ứng dụng và phát triển mạnh mẽ khoa học và công nghệ',
  },
  {
    code: '7',
    title: 'Đẩy mạnh liên kết vùng và hợp tác với các tỉnh, thành trong cả nước',
    appendixSection: 'VI',
    appendixTitle: 'Đẩy mạnh liên kết vùng và hợp tác với các tỉnh, thành trong cả nước',
  },
  {
    code: '8',
    title: 'Phát huy giá trị văn hóa, sức mạnh con người Cần Thơ và sức mạnh đại đoàn kết toàn dân tộc, thực hiện tiến bộ, công bằng xã hội, nâng cao đời sống Nhân dân, bảo đảm gắn kết hài hòa giữa phát triển kinh tế với văn hóa, xã hội',
    appendixSection: 'VII',
    appendixTitle: 'Phát huy giá trị văn hóa, sức mạnh con người Cần Thơ và sức mạnh đại đoàn kết toàn dân tộc, thực hiện tiến bộ, công bằng xã hội, nâng cao đời sống Nhân dân, bảo đảm gắn kết hài hòa giữa phát triển kinh tế với văn hóa xã hội',
  },
  {
    code: '9',
    title: 'Tăng cường quản lý tài nguyên và môi trường; chủ động phòng, chống, hạn chế tác động của thiên tai, thích ứng với biến đổi khí hậu',
    appendixSection: 'VIII',
    appendixTitle: 'Tăng cường quản lý tài nguyên và môi trường; chủ động phòng, chống, hạn chế tác động của thiên tai, thích ứng với biến đổi khí hậu',
  },
  {
    code: '10',
    title: 'Nâng cao hiệu lực, hiệu quả quản lý nhà nước và năng lực kiến tạo phát triển; thực hiện cải cách tiền lương; siết chặt kỷ luật, kỷ cương hành chính đi đôi với tạo dựng môi trường đổi mới sáng tạo.',
    appendixSection: null,
    appendixTitle: null,
  },
  {
    code: '11',
    title: 'Phát triển kinh tế - xã hội gắn liền với củng cố, tăng cường tiềm lực quốc phòng, an ninh',
    appendixSection: null,
    appendixTitle: null,
  },
  {
    code: '12',
    title: 'Đẩy mạnh tuyên truyền đổi mới nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại; tích cực, chủ động mở rộng kết nối và hợp tác quốc tế',
    appendixSection: null,
    appendixTitle: null,
  },
  {
    code: '13',
    title: 'Xây dựng Đảng trong sạch, vững mạnh toàn diện, nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức đảng, đảng viên',
    appendixSection: null,
    appendixTitle: null,
  },
];
