/**
 * Common passwords shipped with the app (it runs offline; nothing is looked up on the internet): the
 * most used passwords of published leak lists, keyboard walks, first and family names, Japanese words
 * in romaji and words of municipal work (gyousei, soumu, shiyakusho …). Each entry is stored in the
 * form passwordStrength.ts compares: lower case, without digits and symbols at either end and
 * without separators, so "Password1234", "p@ssw0rd!" and "Sakura-2024" all meet their entry.
 * One entry per word, separated by white space.
 */
export const COMMON_PASSWORDS_TEXT = `
password passw0rd pass passwd pwd secret letmein welcome login admin administrator root toor master guest
user qwerty qwertyuiop asdf asdfgh asdfghjkl zxcvbn zxcvbnm qazwsx qwe qweasd qweasdzxc qaz2wsx q2w3e4r q2w3e
q2w3e4r5t zaq12wsx abc abcd abcde abcdef iloveyou loveyou love lover lovely monkey dragon baseball football
soccer basketball hockey golf tennis sunshine shadow superman batman spiderman ironman starwars pokemon
pikachu naruto princess prince angel angels babygirl baby michael jennifer jessica ashley daniel thomas
charlie jordan hunter tigger buster summer winter spring autumn freedom whatever trustno trustnoone access
mustang ranger harley killer hello helloworld computer internet google yahoo microsoft apple samsung cheese
chocolate cookie cookies banana orange lemon cherry strawberry coffee pepper ginger flower flowers rainbow
butterfly purple yellow silver golden diamond crystal black white blue green red pink lakers yankees cowboys
eagles steelers chelsea arsenal liverpool barcelona realmadrid manutd juventus matrix ninja samurai shogun
sensei passpass changeme default temp temporary test testing demo sample example nothing none null system
server database oracle mysql postgres postgresql linux windows ubuntu debian unix secure security protect
private confidential hidden mypassword mypass yourpassword newpassword oldpassword superstar rockstar
starlight moonlight midnight twilight sunrise sunset ocean beach island mountain river forest family friends
friend forever together happy smile lucky magic wizard merlin hogwarts harrypotter gandalf frodo dolphin
tiger lion eagle falcon panther jaguar wolf bear horse kitten kitty puppy doggy snoopy garfield mickey minnie
donald goofy pepsi cocacola sprite redbull nike adidas puma gucci chanel prada ferrari porsche bmw mercedes
toyota honda nissan mazda subaru suzuki yamaha corvette camaro viper cobra python java javascript coding
hacker hacked asd aaa trustme believe faith hope grace heaven jesus christ god lord amen blessed iloveu
loveme lovelove kisses sweet sweetie sweetheart honey sugar cupcake muffin candy qwertz azerty ytrewq
poiuytrewq lkjhgfdsa mnbvcxz blink metallica nirvana eminem beatles queen abba asdasd qweqwe zxczxc asdfasdf
qwerqwer zaqxsw xswzaq mnbvcx january february march april may june july august september october november
december monday tuesday wednesday thursday friday saturday sunday alpha bravo delta echo foxtrot omega sigma
gamma beta zeta theta one two three four five six seven eight nine ten eleven twelve first second third
million billion james john robert william david richard joseph charles christopher matthew anthony mark
steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary
nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick
raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah
mary patricia linda elizabeth barbara susan sarah karen lisa nancy betty margaret sandra kimberly emily donna
michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela
shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet
catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn
judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice
jean abigail alice judy sophia denise amber doris marilyn danielle beverly isabella theresa diana natalie
brittany charlotte marie kayla alexis lori taro jiro saburo ichiro hanako yuki yuko yumi yoko keiko kazuko
sachiko michiko akiko naoko tomoko noriko hiroko junko kumiko mayumi emi hiroshi takashi takeshi satoshi
kenji koji shinji yuji kazuya tetsuya naoki masaki hideki hideo akira makoto minoru osamu isamu tsutomu kenta
shota sho ren haruto yuto sota yuma riku kaito hinata hiroto daiki takumi yusuke ryota kota kazuki tatsuya
shun yamato ryo yui aoi hina rin sakura mei mio riko yuna ema miyu nanami misaki haruka ayaka ayumi asuka
kana kaori megumi mai miki nana rie risa saki satomi shiori sayaka tomomi yukari yuka yuri mari marina
natsuki natsumi chihiro chika chiaki aya ami airi momoko moe kaho honoka sato tanaka takahashi watanabe ito
yamamoto nakamura kobayashi kato yoshida yamada sasaki yamaguchi matsumoto inoue kimura hayashi shimizu
yamazaki mori abe ikeda hashimoto yamashita ishikawa nakajima maeda fujita ogawa goto okada hasegawa murakami
kondo ishii saito sakamoto endo aoki fujii nishimura fukuda ota miura fujiwara okamoto matsuda nakagawa
nakano harada ono tamura takeuchi kaneko wada nakayama ishida ueda morita hara shibata sakai kudo yokoyama
miyazaki miyamoto uchida takagi ando taniguchi ohno maruyama imai takada fujimoto tokyo osaka kyoto nagoya
yokohama kobe sapporo fukuoka sendai hiroshima nara okinawa hokkaido kyushu shikoku honshu kumamoto kagoshima
nagasaki niigata kanazawa shizuoka chiba saitama kanagawa ibaraki tochigi gunma yamanashi nagano gifu mie
shiga hyogo wakayama tottori shimane okayama tokushima kagawa ehime kochi saga oita aomori iwate akita
yamagata fukushima toyama fukui nihon nippon japan japanese nihongo arigato arigatou arigatougozaimasu
daisuki aishiteru suki kawaii sugoi genki ganbare ganbatte konnichiwa ohayo ohayou konbanwa sayonara
sayounara oyasumi itadakimasu gochisousama moshimoshi yoroshiku onegai onegaishimasu himawari tanpopo ajisai
momiji tsubaki kiku ume sakuranbo momo ringo mikan budou ichigo suika meron neko inu usagi tora ryu doragon
kitsune tanuki kuma sakana tori fuji fujisan yama kawa umi sora hoshi tsuki taiyo taiyou kaze ame hana
doraemon totoro ghibli sasuke goku gokuu dragonball onepiece luffy zoro conan anpanman hellokitty gundam
evangelion eva sailormoon rilakkuma kumamon hikakin mario zelda sonic sushi ramen udon soba tempura tonkatsu
onigiri mochi sake matcha bushido katana kimono yukata matsuri hanabi hanami onsen kokoro yume koi hikari
kibou ikiru shiawase heiwa mirai egao baka aho hentai giants tigers carp dragons swallows baystars hawks
lions fighters marines buffaloes yomiuri hanshin hiroshimacarp pasuwado pasuwaado pasuwa pasuwodo himitsu
anshou ansho gyousei gyosei gyoseikaikaku gyouseikaikaku gyokaku gyoukaku soumu somu soumuka somuka
shiyakusho shiyakuba yakusho yakuba kuyakusho choyakuba chouyakuba sonyakuba murayakuba kencho kenchou tocho
tochou fucho fuchou doucho docho shicho shichou kucho kuchou chocho chouchou soncho sonchou chiji fukushicho
jichitai jichi chiho chihou chihojichi kouiki koiki shichoson shichouson koumuin komuin shokuin shokuinn
kakaricho kakarichou kacho kachou bucho buchou jicho jichou shunin shusa kanri kanrisha kanrishoku zaisei
zaiseika kikaku kikakuka seisaku seisakuka jinji jinjika hisho hishoka kaikei kaikeika zeimu zeimuka shizei
kokuho kokumin fukushi fukushika kyouiku kyoiku kyouikuiinkai gikai gikaijimukyoku jimukyoku jimu jimusho
kenko kenkou hoken nenkin koseki juumin jumin juminhyo juuminhyou madoguchi shinsei todoke toshikeikaku
doboku kensetsu suido suidou gesuido kankyo kankyou seiso bousai bosai shobo shoubou keisatsu kankou kanko
shoko shoukou nousei nosei ringyo gyogyo keikaku sougoukeikaku sogokeikaku kaikaku kaizen suishin hyoka
hyouka pdca shingikai yosan kessan hojokin kofukin koufukin chihokofuzei furusato furusatonouzei kenmin
shimin chomin choumin sonmin kumin lgwan juki jukinet mynumber mainanba mainanbaa kojinbango account action
active address adventure agent airport album alien animal answer area army arrow art artist awesome bandit
banker beast beauty bigboy bigdog bird birthday biscuit bitch blaster blessing blizzard blonde bloody
bluebird boomer booboo boston boxer brandy broken brother brownie bubble bubbles buddy bulldog bullet bunny
butter cactus camera canada captain carlos carmen casper castle cat catch cats champion chance change chaos
chicago chicken china chris christian cindy circle city classic claudia clover coco college colorado comet
compaq cool cooper corona country cowboy crazy cricket cross dakota dallas dance dancer danger darkness
darling death debbie denver desire destiny devil diablo dinosaur disney doctor dollar dream dreamer dreams
driver duck dude dynamo earth easy elephant elvis energy england enjoy enter europe explorer express fantasy
farmer fender fire fireball firebird fish fishing florida flyer fox france freddy frog future galaxy gambit
garden gemini general genius ghost giant girl girls global gold goldfish good goodluck gorilla guitar gunner
hammer hardcore harmony hawaii heart help hero holiday home hotdog house houston ice iceman indian infinity
jackson jasmine jeans jester jewel jupiter justice kangaroo karate king kingdom knight lady laptop laser
legend legion library light lightning lincoln little london lonely lucy madness maggie magnum major mama
marine marley marvin maverick maximus mercury mermaid miami mike miller mine mister money monster moon morgan
mother mouse movie music mylove nascar nature newyork night nintendo office online oscar packers paladin
panda paris parker passion peace peaches peanut pearl penguin people phantom phoenix piano pirate planet
player please poison police popcorn power president pretty psycho pumpkin rabbit racing raiders random raven
rebel redsox remember republic rescue robin robot rock rocket rocky rose roses ruby runner russia sailor
sandy santa saturn scooter scorpion scotland sexy shark sierra simple single sister skate skyline slayer
smokey snake snowball snowman soldier sophie space sparky speed spider spirit sport sports stalker star stars
stella stone storm stranger student success sunny super surfer swimming sydney tango target taurus taylor
teacher teddy teddybear texas thunder ticket titanic tomcat topgun tractor travel trinity trouble truck
turtle twins unicorn united universe valentine vampire venus victor victory viking village violet virgin
warrior water whisky wildcat willow wind winner winston wolverine woman wonder world xavier young zombie zoom
zorro qwer a2s3d4f qaz!qaz qaz2wsx3edc qaz2wsx3edc4rfv qaz2wsx3edc4rfv5tgb qazxsw wsx3edc wsx3edc4rfv
wsx3edc4rfv5tgb wsx3edc4rfv5tgb6yhn edc4rfv edc4rfv5tgb edc4rfv5tgb6yhn edc4rfv5tgb6yhn7ujm rfv5tgb
rfv5tgb6yhn rfv5tgb6yhn7ujm rfv5tgb6yhn7ujm8ik tgb6yhn tgb6yhn7ujm tgb6yhn7ujm8ik tgb6yhn7ujm8ik,9ol yhn7ujm
yhn7ujm8ik yhn7ujm8ik,9ol yhn7ujm8ik,9ol0p ujm8ik ujm8ik,9ol ujm8ik,9ol0p ik,9ol ik,9ol0p ol0p a1s2d3f
abcd1234efgh asdfg asdfghj asdfghjk asdfghjklzxcvbnm asdzxc bvcx bvcxz cvbn cvbnm dfgh dfghj dfghjk dfghjkl
erty ertyu ertyui ertyuio ertyuiop fdsa fghj fghjk fghjkl gfds gfdsa ghjk ghjkl hgfd hgfds hgfdsa hjkl iuyt
iuytr iuytre iuytrew iuytrewq jhgf jhgfd jhgfds jhgfdsa kjhg kjhgf kjhgfd kjhgfds kjhgfdsa lkjh lkjhg lkjhgf
lkjhgfd lkjhgfds mnbv mnbvc nbvc nbvcx nbvcxz oiuy oiuyt oiuytr oiuytre oiuytrew oiuytrewq poiu poiuy poiuyt
poiuytr poiuytre poiuytrew q1w2e3r q1w2e3r4t qazwsxedc qazwsxedcrfv qwert qwertyasdfgh qwertyu qwertyui
qwertyuio qwertyuiopasdfghjkl rewq rtyu rtyui rtyuio rtyuiop sdfg sdfgh sdfghj sdfghjk sdfghjkl trew trewq
tyui tyuio tyuiop uiop uytr uytre uytrew uytrewq vbnm vcxz wert werty wertyu wertyui wertyuio wertyuiop xcvb
xcvbn xcvbnm ytre ytrew yuio yuiop z1x2c3v zaqxswcde zxcasdqwe zxcv zxcvb
`;
