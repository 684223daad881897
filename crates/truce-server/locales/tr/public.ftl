# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# public messages (tr, Turkish). The reference is en/public.ftl.

## Shared (machine-drafted, needs review)

bad-request-title = Adreste bir hata var
outcome-violation = { $party } tarafından ihlal
outcome-confirmed = Olay doğrulandı, bir tarafa yüklenmedi
outcome-not-confirmed = Doğrulanmadı
outcome-inconclusive = Sonuçsuz
outcome-severity-minor = Hafif
outcome-severity-serious = Ciddi
outcome-severity-grave = Ağır
finding-accused = Suçlanan taraf
finding-occurred = Ne zaman
finding-place = Nerede
finding-status = Durum
finding-outcome = Bulgu
finding-breached = İhlal edilen hükümler
finding-severity-label = Ağırlık
finding-final = Kesinleşme
finding-final-on = { $date } tarihinden beri kesin
duration-days = { $count } gün
duration-hours = { $count } saat

## Home (machine-drafted, needs review)

home-agreement-heading = Anlaşma
agreement-parties = Taraflar
agreement-mediators = Arabulucular
agreement-signed = İmza
agreement-in-force = Yürürlük başlangıcı
agreement-provisions = Hükümler
agreement-proposal = öneri, üzerinde anlaşılmadı
home-agreement-full = Anlaşmanın tamamı
home-numbers-heading = Rakamlarla
home-numbers-hint = Yalnızca yayımlanmış vakalar: bir vaka sonucu belli olunca yayımlanır. İhlaller kesinleşmiş bulguları sayar.
stat-published = Yayımlanmış vakalar
stat-violations = Doğrulanmış ihlaller
stat-violations-by = { $party } tarafından ihlaller
stat-confirmed-unattributed = Doğrulanmış, bir tarafa yüklenmemiş olaylar
stat-not-confirmed = Doğrulanmadı
stat-inconclusive = Sonuçsuz
stat-inadmissible = Kabul edilemez bulundu
stat-merged = Birleştirilen mükerrerler
stat-penalties = Karara bağlanan yaptırımlar
home-latest-heading = Son bulgular
home-all-findings = Yayımlanmış tüm bulgular
home-map-heading = Sınır haritası
map-title = Pakistan–Afganistan sınırı: kesimler, sınır kapıları, yayımlanmış olaylar
map-caption = { $count ->
    [0] Henüz konumu olan yayımlanmış bir olay yok.
    [one] Konumu olan en son yayımlanmış olay, bulgusuna göre renklendirilerek gösteriliyor.
   *[other] Konumu olan en son { $count } yayımlanmış olay, bulgularına göre renklendirilerek gösteriliyor.
}
home-chart-heading = Haftalık doğrulanmış ihlaller
chart-title = Taraf ve ISO haftasına göre doğrulanmış ihlaller
chart-desc = { $from } ile { $until } arasındaki haftalar, olay tarihine göre.
chart-no-data = Henüz yayımlanmış vaka yok.
chart-table-summary = Rakamlar tablo olarak
chart-week = Hafta
chart-week-from = { $date } tarihinden

## Findings (machine-drafted, needs review)

findings-title = Bulgular
findings-intro = Yayımlanmış vakalara ilişkin bulgular, en yeni olay önce. Her vakanın sayfası tüm geçmişini gösterir; her adım imzalı kayda bağlıdır.
findings-none = Henüz yayımlanmış bulgu yok.
findings-next = Sonraki sayfa
findings-download = Tüm bulguları indir (CSV)
filter-party = Suçlanan taraf
filter-provision = Atıf yapılan hüküm
filter-any = Tümü
filter-apply = Göster
filter-bad-party = { $value } anlaşmanın bir tarafı değil; şunlardan biri olmalı: { $known }
filter-bad-provision = { $value } anlaşmanın bir hükmü değil; şunlardan biri olmalı: { $known }
filter-bad-after = bu listenin bir sayfa imleci değil; ilk sayfadan yeniden başlayın
filter-unknown = bu listenin bir süzgeci değil; süzgeçler taraf ve hükümdür

## Reports (machine-drafted, needs review)

reports-title = Raporlar
reports-intro = Bir rapor, olayı bir aya veya bir ISO haftasına (UTC) düşen yayımlanmış vakaları kapsar. Her rapor düzgün yazdırılır.
reports-none = Henüz yayımlanmış vaka yok, bu yüzden rapor da yok.
reports-month = Ay
reports-cases = Yayımlanmış vakalar
reports-weeks = ISO haftaları
reports-week-cases = { $count } yayımlanmış vaka
report-title-month = Aylık rapor { $period }
report-title-week = Haftalık rapor { $period }
report-range = { $from } – { $until }
report-intro = Yalnızca yayımlanmış vakalar, olay tarihine göre sayılır. Sonuçlar bir bulgu kesinleşince sayılır. Hâlâ süren vakalar bu raporda yoktur.
report-empty = { $period } döneminde olayı olan yayımlanmış vaka yok.
report-back = Tüm raporlar
period-bad-shape = { $value } 2025-10 gibi bir ay ya da 2025-W42 gibi bir ISO haftası değil
period-bad-year = { $value }: yıl 2000 ile 2100 arasında olmalı
period-bad-month = { $value }: böyle bir ay yok; aylar 01 ile 12 arasıdır
period-bad-week = { $value }: o yılda böyle bir ISO haftası yok
report-summary-heading = Özet
report-reported = İddialar (mükerrerler hariç)
report-duplicates = Birleştirilen mükerrerler
report-admissible = Kabul edilebilir
report-inadmissible = Kabul edilemez
report-confirmed = Doğrulanmış olaylar
report-attributed = Bir tarafa yüklenen ihlaller
report-not-confirmed = Doğrulanmadı
report-inconclusive = Sonuçsuz
report-overdue-replies = Geciken yanıtlar
report-withdrawn = Başvuranca geri çekilen
report-casualties-not-stated = Kayıp sayısı belirtmeyen iddialar (bilinmiyor, sıfır değil)
report-penalties-decided = Karara bağlanan yaptırımlar
report-median-days = Bildirimden bulguya medyan gün
report-by-party = Taraflara göre
report-party = Taraf
report-filed = Bildirdiği
report-against = Aleyhine
report-replies = Zamanında yanıtlar
report-compliance = Uyum endeksi
report-compliance-explained = Uyum endeksi 0 ile 100 arasındadır (yüksek olan iyidir): %60 davranış (haftalık kesinleşmiş ihlallerin ağırlığı), %20 zamanında verilen yanıtlar, %20 uyulan yaptırımlar.
report-see-agreement = Yaptırım kuralları
report-by-provision = Hükümlere göre
report-provision = Hüküm
report-alleged = İddia edilen
report-breached = İhlal edilen
report-findings = Bulgular
report-case = Vaka
report-penalties = Karara bağlanan yaptırımlar
report-no-penalties = Bu vakalarda yaptırım kararı verilmedi.
report-generated = Oluşturulma: { $date }.
penalty-col-level = Düzey
penalty-measure = Tedbir
penalty-col-decided = Karar
penalty-comply-by = Uyum için son tarih
penalty-complied = Uyuldu mu
penalty-complied-yes = Evet
penalty-complied-no = Hayır
penalty-complied-pending = Henüz kaydedilmedi

## Open data (machine-drafted, needs review)

data-title = Açık veri
data-intro = Yayımlanmış her vaka ve bunlara ilişkin bulgular indirilebilir. Dosyalar kaydın o anki izdüşümlerinden okunur; bu sitede herkese açık olmayan hiçbir şey içermez.
data-cases-csv = Yayımlanmış vakalar (CSV)
data-cases-geojson = Yayımlanmış vakalar (GeoJSON, noktalar)
data-findings-csv = Yayımlanmış vakalara ilişkin bulgular (CSV)
data-columns = Sütunlar
data-column = Sütun
data-meaning = Anlamı
col-id = Vaka kimliği; sayfası /cases/ID.
col-status = Vakanın durumu.
col-accused = Suçlanan tarafın kimliği.
col-provisions = Atıf yapılan hükümler, noktalı virgülle ayrılmış.
col-occurred-at = Olayın zamanı (RFC 3339, UTC).
col-occurred-until = Süren bir olayın bittiği zaman; aksi halde boş.
col-time-precision = Zamanın ne kadar kesin bilindiği: exact ya da day (bu durumda occurred_at ve occurred_until tarihtir, YYYY-MM-DD: ilk ve son gün).
col-filed-at = İddianın bildirildiği zaman.
col-sector = Konum hatta yakınsa, düştüğü sınır kesimi.
col-lat-lon = Enlem ve boylam (WGS 84). GeoJSON'da nokta [boylam, enlem] biçimindedir.
col-summary = Bildirildiği haliyle tek satırlık iddia.
col-claimed-casualties = İddiada ileri sürülen kayıplar: öldürülen ve yaralanan siviller ile savaşanlar için düşük, en iyi ve yüksek tahminler. Boş hücre belirtilmemiş bir sayıdır, sıfır değildir.
col-finding = Olayın gerçekleşmesine ilişkin bulgu: confirmed, not_confirmed veya inconclusive.
col-responsible-party = Varsa sorumlu bulunan taraf.
col-provisions-breached = İhlal edildiği bulunan hükümler, noktalı virgülle ayrılmış.
col-severity = Bulunan ağırlık: minor, serious veya grave.
col-found-casualties = Bulgunun saptadığı kayıplar, aynı sütunlarda (found_…). Boş hücre belirtilmemiş bir sayıdır, sıfır değildir.
col-final-at = Bulgunun kabul edildiği ve kesinleştiği zaman.
col-penalty = Karara bağlanan yaptırım: basamaktaki düzey, tedbir, karar zamanı.
col-complied = Kaydedildiğinde, tarafın uyup uymadığı (true veya false).
data-notes = Dosyalar UTF-8'dir. Boş hücre "yok" ya da "henüz değil" demektir. Vakalar en yeni olay önce sıralanır.
data-api = Aynı veriler ve daha fazlası JSON API'de:

## Verify (machine-drafted, needs review)

verify-title = Doğrula
verify-intro = Bir vakadaki her değişiklik, herkese açık bir şeffaflık kaydında imzalı bir kayıttır. Herkes, bu sunucuya güvenmeden, kaydın değiştirilmediğini ve belirli bir kaydın içinde olduğunu denetleyebilir.
verify-checkpoint = Güncel denetim noktası
verify-size = Kayıtta { $size } kayıt var. İmzalı denetim noktası:
verify-no-checkpoint = Kaydın henüz denetim noktası yok.
verify-origin = Kaydın kaynağı (origin)
verify-vkey = Doğrulayıcı anahtar
verify-pin-key = Bu anahtarı tarafların ve arabulucuların yayımladığıyla karşılaştırın ve o anahtarı sabitleyin: kaydı hakkında yalan söyleyen bir sunucu, uyan bir anahtar da gösterirdi.
verify-whole-heading = Tüm kaydı denetle
verify-whole = truce komutu denetim noktasını, her döşemeyi ve her girdiyi indirir; imzaları, ağacı ve kuralları denetler. Tek satır yazar ve bir şey tutmazsa 1 ile çıkar.
verify-one-heading = Tek bir kaydı denetle
verify-one-step-entry = Kaydı indirin: girdisi, kayda hash'lenen baytların ta kendisidir.
verify-one-step-proof = Dahil edilme kanıtını indirin: en son denetim noktasına göre bir c2sp.org/tlog-proof@v1 dosyası.
verify-one-step-check = Denetim noktasının imzasını sabitlediğiniz anahtarla, ardından kanıtı denetim noktasının köküne karşı herhangi bir C2SP istemcisiyle denetleyin (örneğin Go'nun golang.org/x/mod/sumdb/tlog CheckRecord işlevi).
verify-case-pages = Bir vakanın sayfasındaki her adım kaydına ve kanıtına bağlanır.
verify-form-heading = Bir kaydı denetle
verify-form-label = Kayıt numarası
verify-form-submit = Kanıtını göster
verify-record-bad = { $value } bir kayıt numarası değil (0'dan başlayan bir tam sayı)
verify-record-beyond = { $value } numaralı kayıt yok: kayıtta 0'dan numaralanan { $size } kayıt var
verify-record-heading = Kayıt { $index }
verify-record-entry = Kayıt (JSON)
verify-record-proof = Dahil edilme kanıtı

## Agreement (machine-drafted, needs review)

agreement-id = Kimlik
agreement-form = Biçim
agreement-ends = Bitiş
agreement-sha256 = Metnin SHA-256 özeti
agreement-text-link = Kaydedildiği haliyle metin
agreement-sha256-hint = Anlaşma kabul edildiğinde kayıt bu özeti kaydetti: yürürlükteki metnin bu olduğunu denetlemek için metnin özetini alın.
agreement-consent = İmzalar
agreement-consent-none = Hiçbir katılımcı bu anlaşmayı kayıtta imzalamadı: işletmecinin yöneticisi onu tek başına kabul etti.
agreement-consent-version = Sürüm
agreement-consent-status = Durum
agreement-consent-signatory = İmzacı
agreement-consent-signature = İmza
consent-draft = Taslak, imzalar bekleniyor
consent-superseded = Yerini başkasına bırakan taslak
consent-in-force = Yürürlükte
consent-signed = İmzalandı (kayıt { $index }): doğrula
consent-unsigned = İmzalanmadı
agreement-contents = İçindekiler
agreement-participants = Katılımcılar
agreement-participant = Katılımcı
agreement-role = Rol
agreement-protocol = Doğrulama protokolü
agreement-penalties = Yaptırımlar
agreement-escalation = Tırmandırma
agreement-sources = Kaynaklar
participant-party = Taraf
participant-mediator = Arabulucu
participant-guarantor = Garantör
participant-monitoring-team = İzleme ekibi
provision-kind = Yükümlülük
provision-bearers = Bağladığı
provision-acts = Eylemler
provision-scope = Nerede
provision-from = Başlangıç
provision-until = Bitiş
scope-whole-border = Tüm sınır bölgesi
scope-band = Hattın { $km } km yakınında
protocol-deadlines = Süreler
protocol-deadline-acknowledge = Alındığını onaylama
protocol-deadline-triage = Kabul edilebilirliğe karar
protocol-deadline-reply = Suçlanan tarafın yanıtı
protocol-deadline-investigation = Soruşturma
protocol-deadline-appeal = İtiraz
protocol-deadline-compliance = Yaptırıma uyma
protocol-may-file = Kimler bildirebilir
protocol-decision = Kararlar
decision-chair = kararı başkan ({ $chair }) verir
decision-consensus = oybirliğiyle
decision-k-of-n = { $n } oy verenden { $k } tanesi onaylamalı
decision-voters = oy verenler:
standard-occurrence = Bir olayın gerçekleştiğine karar için ölçüt
standard-direct-act = Doğrudan eylemi bir tarafa yüklemek için ölçüt
standard-failure-to-prevent = Önlemede başarısızlığı bir tarafa yüklemek için ölçüt
publication-delay = Bulguların yayımlanma süresi
penalty-description = Neleri kapsar
penalty-base-levels = Ağırlığa göre başlangıç düzeyi
penalty-recidivism = Tekrarlanan ihlaller
penalty-recidivism-rule = { $window } içindeki her önceki ihlal için +{ $step }, en fazla +{ $max }
penalty-aggravating = Ağırlaştırıcı etkenler
penalty-cap = Motorun önerdiği en yüksek düzey
escalation-none = Tırmandırma kuralı yok.
trigger-violations = Bir tarafın { $within } içinde { $count } doğrulanmış ihlali
trigger-overdue-reply = Bir yanıt gecikir
trigger-missed-commitment = Müzakerelerde verilen bir taahhüt yerine getirilmez
trigger-surge = Bir erken uyarı alarmı verilir ({ $filters })
trigger-non-compliance = Bir yaptırıma uyulmaz
trigger-grave-finding = Ağır bir bulgu kesinleşir

## Talks
talks-title = Müzakereler
talks-intro = Katılımcılar arasındaki müzakere turları, imzaladıkları bildiriler ve verdikleri taahhütler. Her adım kayıttaki imzalı bir kayıttır.
talks-rounds = Turlar
talks-communiques = Bildiriler
talks-commitments = Taahhütler
talks-none = Henüz bir şey yok.
talks-not-found = Bulunamadı
talks-back = Tüm müzakereler
talks-col-round = Tur
talks-col-dates = Tarihler
talks-col-venue = Yer
talks-col-status = Durum
talks-round-planned = Planlandı
talks-round-convened = Toplantı hâlinde
talks-round-adjourned = Ertelendi
talks-round-concluded = Tamamlandı
talks-round-failed = Başarısız
talks-host = Ev sahibi
talks-mediators = Arabulucular
talks-agenda = Gündem
talks-outcome = Sonuç
talks-delegations = Heyetler
talks-col-participant = Katılımcı
talks-col-head = Heyet başkanı
talks-col-members = Üyeler
talks-follows = { $participant } heyetinin düzeyinde katılır
talks-parity = Denklik denetimleri
talks-parity-met = Karşılandı
talks-parity-failed = Karşılanmadı
talks-parity-pending = Bekliyor
talks-positions = Kamuya açıklanan tutumlar
talks-history = Geçmiş
talks-record = kayıt { $index }
talks-communique-joint = Ortak metin, tüm imzacılarca imzalandı
talks-communique-statement = Arabulucuların açıklaması; { $participants } imzalamadı
talks-communique-draft = Taslak
talks-authoritative = bağlayıcı metin
talks-signatures = İmzalar
talks-signed = İmzalandı (kayıt { $index })
talks-declined = Reddedildi: { $reason }
talks-not-answered = Yanıt yok
talks-verify-signature = bu imzayı doğrula
talks-key = Katılımcı anahtarı
talks-signature-hint = Her imza, katılımcının kendi anahtarıyla truce/communique-signature/v1, bir sıfır bayt ve bildirinin kimliği, sürümü ve metinlerinin kanonik JSON'u üzerine atılmış bir Ed25519 imzasıdır. Kayıt onu günlükte taşır; truce verify hepsini denetler.
talks-col-commitment = Taahhüt
talks-col-owners = Yükümlü
talks-col-deadline = Son tarih
talks-form-written = yazılı
talks-form-verbal = sözlü güvence
talks-overdue = süresi geçti
talks-commitment-open = Açık
talks-commitment-met = Yerine getirildi
talks-commitment-partly-met = Kısmen yerine getirildi
talks-commitment-missed = Yerine getirilmedi
talks-commitment-withdrawn = Geri çekildi
talks-commitment-superseded = Yerine başkası kondu
talks-follow-up = İzlendiği tur: { $round }
talks-decision = Karar: { $reason }
talks-escalation = Üst düzeye taşıma: { $action }

## Withdrawals
agreement-withdrawals = Çekilmeler ve askıya almalar
withdrawal-kind-withdrawal = çekilme
withdrawal-kind-suspension = askıya alma
withdrawal-kind-resumption = yeniden başlama
withdrawal-in-effect = { $date } tarihinden beri yürürlükte
withdrawal-pending = { $date } tarihinde yürürlüğe girer
withdrawal-stops = Duran: { $text }
withdrawal-continues = Süren: { $text }
withdrawal-unsaid = Anlaşma bunun ne yaptığını söylemiyor.

# The witnesses on the verify page.
verify-witnesses-heading = Tanıklar
verify-witnesses-intro = Her katılımcı, bir kontrol noktasını yalnızca bu kaydın daha önce imzaladığı her kontrol noktasını sürdürüyorsa eş imzalayan bir tanık çalıştırır. Anlaşmanın belirlediği yeter sayının eş imzaladığı kontrol noktası herkes için tek bir geçmiştir: bu sunucu bir tarafa farklı bir kayıt gösteremez.
verify-witnessed-size = Yeter sayının eş imzaladığı son kontrol noktası { $size } kaydı kapsıyor:
verify-not-witnessed = Yeter sayı henüz hiçbir kontrol noktasını eş imzalamadı; bu kayıt henüz tanıklarca onaylanmış değil.
verify-witness = Tanık
verify-witness-size = Son eş imzalanan boyut
verify-witness-time = Eş imza zamanı
verify-witness-state = Durum
verify-witness-failing = yanıt vermiyor
verify-witness-ok = yanıt veriyor
verify-policy = Anlaşmadan alınan tanık politikası (C2SP tlog-policy); imzalı anlaşma metniyle karşılaştırın, sonra onunla doğrulayın:

# The split-view alarm.
split-view-alarm = Alarm: bir tanık, bu kaydın anahtarıyla imzalanmış ve bu sunucunun gösterdiği geçmişte olmayan bir kontrol noktası tutuyor. Birine farklı bir kayıt gösterilmiş olabilir.
split-view-details = İki kontrol noktasını görün
split-view-heading = Bölünmüş görünüm
split-view-explained = Bir tanık, bu kaydın anahtarıyla imzalanmış ve bu sunucunun geçmişinde bulunmayan bir kontrol noktası tutuyor. Ya kaydın anahtarı iki farklı geçmiş imzaladı ya da bu sunucu kendi geçmişinin bir kısmını yitirdi. Bu sunucunun gösterdiği hiçbir şeye güvenmeden önce ikisini kendi kopyanızla karşılaştırın ve diğer katılımcılara bildirin.
split-view-witness = { $witness } tanığının tuttuğu:
split-view-ours = Bu sunucunun onun yerine tuttuğu:

# The maps' own words (lead).
map-sectors = Sınır kesimleri
map-crossings = Geçiş noktaları
map-crossing-sourced = konum bir kaynaktan
map-crossing-approximate = hat üzerine yaklaşık yerleştirildi
map-incidents = Olaylar
map-status-reported = bildirilen / iddia edilen
map-status-under-investigation = soruşturmada
map-status-confirmed = doğrulandı
map-status-not-confirmed = doğrulanmadı
map-status-inconclusive = sonuçsuz
map-status-other = diğer
map-afghanistan = AFGANİSTAN
map-pakistan = PAKİSTAN
map-attribution = Hat ve ülkeler: Natural Earth 1:10m (kamu malı). Yerler: GeoNames, CC BY 4.0. Resmî sınır değildir: 1:10M hat birkaç km sapabilir. Eşdikdörtgen izdüşüm.
file-map-title = Olayın olduğu yere tıklayın

# The incidents of the map as a list (machine-drafted, needs review)
map-list-link = Aynı olaylar liste olarak
incidents-heading = Haritadaki olaylar
incidents-case = Dosya
incidents-date = Gün
incidents-where = Yer
incidents-status = Durum
incidents-near = { $place } yerine { $km } km

# Daily situation reports
situation-title = Günlük durum raporları
situation-intro = Her günün raporu, sınır kesimlerine göre nelerin bildirildiğini, kabul edildiğini, tespit edildiğini ve karara bağlandığını, bildirimlerde iddia edilen kayıpları ve o günün erken uyarılarını gösterir. Sayıları Truce kayıttan hesaplar; arabulucuların sekretaryası anlatıyı yazar ve arabulucular yayımlanmadan önce onaylar.
situation-none = Henüz günlük rapor yayımlanmadı.
situation-day = Gün
situation-day-title = { $day } durum raporu
situation-day-intro = Gün, { $zone } saatiyle gece yarısından gece yarısına kadardır. Doğrulayan herkes her sayıyı kayıttan yeniden hesaplar.
situation-narrative = Sekretaryanın anlatısı
situation-by-sector = Sınır kesimine göre
situation-sector = Kesim
situation-reported = Bildirilen
situation-admitted = Kabul edilen
situation-found = Gözlemci raporları
situation-decided = Kararlar
situation-killed = Ölü (iddia)
situation-injured = Yaralı (iddia)
situation-unstated = Kayıp belirtmeyen bildirimler
situation-open-deadlines = Süre bekleyen
situation-overdue = { $count } süresi geçmiş
situation-total = Tüm kesimler
situation-unplaced = Sınırda yeri yok
situation-range = { $low }–{ $high } (en iyi tahmin { $best })
situation-claims = Kayıplar, günün bildirimlerinin iddia ettiği sayılardır; en düşük ile en yüksek güvenilir sayı arasında aralık olarak: iddialar, tespitler değil.
situation-alerts = Erken uyarılar
situation-no-alerts = Bu gün için erken uyarı yok.
situation-alert = { $sector }: { $method }, { $observed } bildirim (kayıt { $record })
situation-published = { $when } tarihinde { $record } numaralı kayıt olarak yayımlandı.
situation-record = İmzalı kayıt
situation-not-published = Bu günün raporu yayımlanmadı.
situation-back = Tüm günlük raporlar
situation-bad-day = “{ $value }” 2025-10-15 gibi bir gün değil.

## Early-warning trend charts (web/trend.rs), on the reports and the desk.
map-alert = erken uyarı
trend-heading = Sektöre ve güne göre bildirimler
trend-none = Bu dönemde hiçbir bildirim bir sınır sektörüne yerleştirilmedi.
trend-intro-published = Yayımlanmış vakalar, olay gününe göre (anlaşmanın saat diliminde), her sınır sektörü için bir grafik.
trend-intro-filed = Görebildiğiniz, yapıldığı haliyle bildirimler (olgu değil, iddia), olay gününe göre (anlaşmanın saat diliminde), her sınır sektörü için bir grafik.
trend-intro-band = Gri bant, sektörün kendi yakın geçmişinin olağan kıldığı günlük sayı aralığıdır (erken uyarının Poisson testi); onu aşan bir çubuk olağandışıdır.
trend-legend-count = günün bildirimleri
trend-legend-band = olağan aralık
trend-legend-baseline = taban düzey (günlük ortalama)
trend-legend-alert = erken uyarı verildi
trend-alerts-on-desk = Erken uyarılar arabuluculara ve taraflara masalarında gösterilir.
trend-desc = { $sector }: { $total } bildirim. Olağan aralığın üstündeki günler: { $above }. Uyarılar: { $alerts }.
trend-day = Gün
trend-count = Bildirimler
trend-baseline = Günlük taban düzey
trend-ordinary = Olağan aralık
trend-alerts = Uyarılar
trend-alert-record = kayıt { $record }
