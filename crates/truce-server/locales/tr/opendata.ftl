# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# Open data messages (tr, Turkish). The reference is en/opendata.ftl.
data-acled-csv = Yayımlanan davalar ACLED sütunlarıyla (CSV)
data-ucdp-csv = Yayımlanan davalar UCDP GED sütunlarıyla (CSV)
data-hxl-csv = Yayımlanan davalar HXL etiketleriyle (CSV)
data-kml = Yayımlanan davalar yer işaretleri olarak (KML 2.2)
data-pax-csv = Yürürlükteki anlaşma bir PA-X satırı olarak (CSV)
data-alerts = Tırmanma uyarıları, her biri OASIS CAP 1.2 olarak (Atom dizini)
data-feed = Yeni yayımlanan tespitler, yaptırımlar, bildiriler ve raporlar (Atom beslemesi)
data-dictionary-link = Veri sözlüğü: her dosyanın her sütunu
data-licence-link = Lisans ve atıf biçimi
dict-title = Veri sözlüğü
dict-intro = Her indirmenin her sütunu, anlamı ve birimiyle. Anlamlar, izledikleri ACLED, UCDP ve HXL kod kitaplarının dili olan İngilizcedir. Boş hücre Truce'un sahip olmadığı bir değerdir, asla sıfır değildir.
dict-same-as-cases = Aynı sütunlar cases.geojson'daki her öğenin özellikleri ve cases.kml'deki her yer işaretinin ek verileridir.
dict-hxl-tag = HXL etiketi
dict-pax = PA-X sütunları yalnızca anlaşma dosyasında bir değer varsa doldurulur; PA-X'in kendi kimlikleri, çapraz başvuruları ve içerik kodları boş bırakılır.
licence-title = Veri lisansı
licence-body = Bu kurulumun açık verileri Creative Commons Atıf 4.0 Uluslararası lisansıyla yayımlanır: kaynağı belirtip neyi değiştirdiğinizi söylediğiniz sürece her amaçla paylaşabilir ve uyarlayabilirsiniz.
licence-cite = Şöyle atıf yapın: Truce, { $title }, açık veri, indirdiğiniz tarihle.
licence-conventions = ACLED, UCDP ve HXL biçimli dosyalar bu projelerin sütun kurallarını izler; ACLED ya da UCDP verisi içermez ve bu projelerce onaylanmamıştır.
licence-sample = Bu site örnek veri barındırdığını söylediğinde dosyaları da örnektir: olayları kaydetmez, yalnızca gösterir.
