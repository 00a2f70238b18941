"""Demo campaign events: the 2022 training series, this year's training session, two contests."""

import datetime

from hangviet.accounts.models import User
from hangviet.promotion.demo._common import _Report
from hangviet.promotion.models import Contest, TrainingSession
from hangviet.promotion.services import events


def build_training_and_contests(officer: User, r: _Report, today: datetime.date) -> None:
    series = "Triển khai, hướng dẫn văn bản thực hiện Cuộc vận động năm 2022"
    if not TrainingSession.objects.filter(series=series).exists():
        places = (
            "Hội trường UBMTTQ tỉnh",
            "Huyện Càng Long",
            "Huyện Cầu Kè",
            "Huyện Tiểu Cần",
            "Huyện Châu Thành",
            "Huyện Cầu Ngang",
            "Huyện Trà Cú",
            "Huyện Duyên Hải",
            "Thị xã Duyên Hải",
            "Thành phố Trà Vinh",
            "Huyện Càng Long (đợt 2)",
            "Huyện Trà Cú (đợt 2)",
        )
        attendance = (120, 85, 80, 90, 95, 85, 100, 80, 75, 90, 82, 88)  # 1,070 cadres in all
        for i, (place, a) in enumerate(zip(places, attendance, strict=True)):
            events.record_training(
                actor=officer,
                topic="Quán triệt, hướng dẫn thực hiện Cuộc vận động "
                "“Người Việt Nam ưu tiên dùng hàng Việt Nam”",
                series=series,
                held_on=datetime.date(2022, 3, 8) + datetime.timedelta(days=14 * i),
                place=place,
                organiser="Ủy ban MTTQ Việt Nam tỉnh",
                audience="Cán bộ, công chức Mặt trận các cấp và Ban công tác Mặt trận ấp, khóm",
                attendance=a,
            )
        r.add("training sessions", len(places))
    upcoming = f"Tập huấn thương mại điện tử cho chủ thể OCOP năm {today.year}"
    if not TrainingSession.objects.filter(topic=upcoming).exists():
        events.record_training(
            actor=officer,
            topic=upcoming,
            series="",
            held_on=today + datetime.timedelta(days=20),
            place="Sở Công Thương",
            organiser="Sở Công Thương",
            audience="HTX, doanh nghiệp, hộ kinh doanh có sản phẩm OCOP",
            attendance=0,
        )
        r.add("training sessions", 1)
    contests = (
        (
            "thanh-nien-voi-cuoc-van-dong-2022",
            "Thanh niên với Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”",
            "Huyện đoàn Duyên Hải",
            datetime.date(2022, 7, 1),
            datetime.date(2022, 8, 15),
        ),
        (
            "toi-yeu-hang-viet-nam-2022",
            "Tôi yêu hàng Việt Nam",
            "Ban Chỉ đạo Cuộc vận động tỉnh",
            datetime.date(2022, 9, 1),
            datetime.date(2022, 11, 30),
        ),
    )
    for slug, name, organiser, start, end in contests:
        if Contest.objects.filter(slug=slug).exists():
            continue
        contest = events.create_contest(
            actor=officer, slug=slug, name=name, organiser=organiser, starts_on=start, ends_on=end
        )
        prizes = ["Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích"]
        for i in range(24):
            events.add_contest_entry(
                actor=officer,
                contest=contest,
                entrant=f"Đoàn viên, hội viên số {i + 1}",
                title=f"Bài dự thi số {i + 1}",
                prize=prizes[i] if i < len(prizes) else "",
            )
        r.add("contests", 1)
