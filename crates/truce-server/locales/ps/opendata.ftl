# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# Open data messages (ps, Pashto). The reference is en/opendata.ftl.
data-acled-csv = خپاره شوې قضیې د ACLED په ستنو کې (CSV)
data-ucdp-csv = خپاره شوې قضیې د UCDP GED په ستنو کې (CSV)
data-hxl-csv = خپاره شوې قضیې د HXL هشټګونو سره (CSV)
data-kml = خپاره شوې قضیې د نقشې د نښو په توګه (KML 2.2)
data-pax-csv = نافذ تړون د PA-X د یوې کرښې په توګه (CSV)
data-alerts = د کړکېچ د زیاتوالي خبرتیاوې، هره یوه OASIS CAP 1.2 کې (Atom لړلیک)
data-feed = نوې خپرې شوې موندنې، جزاګانې، اعلامیې او راپورونه (Atom فیډ)
data-dictionary-link = د معلوماتو قاموس: د هرې دوسیې هره ستنه
data-licence-link = جواز او د حوالې طریقه
dict-title = د معلوماتو قاموس
dict-intro = د هرې ښکته کېدنې هره ستنه، د هغې له مانا او واحد سره. ماناوې په انګلیسي دي، د هغو ACLED، UCDP او HXL لارښودونو په ژبه چې دوی یې پیروي کوي. تش خونه هغه ارزښت دی چې Truce یې نه لري، هېڅکله صفر نه.
dict-same-as-cases = همدا ستنې په cases.geojson کې د هرې ځانګړنې خاصیتونه او په cases.kml کې د هرې نښې اضافي معلومات دي.
dict-hxl-tag = HXL هشټګ
dict-pax = د PA-X ستنې یوازې هلته ډکېږي چې د تړون په دوسیه کې ارزښت وي؛ د PA-X خپل پېژندونکي، حوالې او د منځپانګې کوډونه تش پرېښودل کېږي.
licence-title = د معلوماتو جواز
licence-body = د دې ځای پرځای کولو پرانیستي معلومات د Creative Commons Attribution 4.0 International جواز لاندې خپرېږي: تاسو یې د هر هدف لپاره شریکولی او بدلولی شئ، که سرچینه یاده کړئ او ووایاست چې څه مو بدل کړل.
licence-cite = داسې یې حواله کړئ: Truce، { $title }، پرانیستي معلومات، د ښکته کولو له نېټې سره.
licence-conventions = د ACLED، UCDP او HXL ډوله دوسیې د هغو پروژو د ستنو دودونه تعقیبوي؛ په دوی کې د ACLED یا UCDP هېڅ معلومات نشته او نه د هغوی لخوا تایید شوې دي.
licence-sample = چېرې چې دا سایټ وايي نمونه معلومات لري، دوسیې یې هم لري: دا بېلګې دي، د پېښو ثبت نه دی.
